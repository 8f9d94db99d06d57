import type { workCalendarZhCN } from './work-calendar.zh-CN';

/** The working-day calendar page, English. */
export const workCalendarEn: typeof workCalendarZhCN = {
  nav: 'Working days',
  title: 'Working-day calendar',
  explain:
    'Public holidays and adjusted working days as the State Council announces them each year. Tablets count “N working days left” with it; a missing year is reported on the tablet, never counted as plain Monday-to-Friday weeks.',
  adminOnly: 'Only an administrator maintains the working-day calendar.',
  onlineOnly: 'Maintaining the calendar needs a network connection.',
  loading: 'Loading…',
  year: 'Year',
  noYears: 'No year has a calendar yet.',
  newYear: 'New year',
  addYear: 'Add this year',
  summary: '{{holidays}} holidays, {{workdays}} adjusted working days. Source: {{source}}',
  sourcePackage: 'package chinese-days {{version}}',
  sourceAdmin: 'entered by an administrator',
  holidays: 'Public holidays',
  workdays: 'Adjusted working days (weekend days worked)',
  date: 'Date',
  name: 'Name',
  rowDate: '{{list}} row {{n}} date',
  rowName: '{{list}} row {{n}} name',
  remove: 'Remove {{list}} row {{n}}',
  actions: 'Actions',
  addHoliday: 'Add a holiday',
  addWorkday: 'Add an adjusted working day',
  save: 'Save the {{year}} calendar',
  saved: 'The {{year}} calendar is saved.',
  invalid: 'Correct these before saving:',
  issue: {
    'date.invalid': 'not a date',
    'calendar.otherYear': 'not in this year',
    'calendar.duplicateDay': 'a day is listed once only',
    'calendar.workdayNotWeekend': 'an adjusted working day is a Saturday or Sunday',
    required: 'required',
  },
};
