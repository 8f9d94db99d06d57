/** The `dashboardNav` namespace: the header link to the event dashboard (a few words, bundled). */
export const dashboardNavZhCN = { nav: '灾情统计看板' };
export const dashboardNavEn: typeof dashboardNavZhCN = { nav: 'Event dashboard' };
