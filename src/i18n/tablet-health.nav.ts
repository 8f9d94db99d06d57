/** The `tabletHealthNav` namespace: the header link to the tablets' sync health (a few words, bundled). */
export const tabletHealthNavZhCN = { nav: '平板同步状况' };
export const tabletHealthNavEn: typeof tabletHealthNavZhCN = { nav: 'Tablet sync health' };
