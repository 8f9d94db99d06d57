/**
 * The `workCalendarNav` namespace: the administrator's header link to 工作日历 (a few words, bundled with
 * the header; the `workCalendar` namespace loads with the page). Same words as `workCalendar.nav`.
 */
export const workCalendarNavZhCN = { nav: '工作日历' };
export const workCalendarNavEn: typeof workCalendarNavZhCN = { nav: 'Working days' };
