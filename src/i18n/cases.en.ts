import type { casesZhCN } from './cases.zh-CN';

/** English counts have a singular (i18next's `_one`); Chinese has one form. */
type Singulars = Record<'daysLeft_one' | 'daysLeftCalendar_one' | 'overdue_one' | 'overdueCalendar_one', string>;

/** My cases (issue 15), English. */
export const casesEn: typeof casesZhCN & Singulars = {
  nav: 'My cases',
  title: 'My cases',
  explain: "Your township's cases, by deadline: the most urgent first. Working days follow the official calendar (with adjusted working days).",
  loading: 'Loading…',
  empty: 'No case on this tablet yet. Your township’s cases appear after a sync.',
  listLabel: 'Cases',
  col: { household: 'Applicant household', programme: 'Programme', step: 'Current step', deadline: 'Deadline', accepted: 'Accepted on' },
  unknownHousehold: '(household record not on this tablet)',
  accepted: 'Accepted, survey to do',
  daysLeft: '{{count}} working days left',
  daysLeft_one: '{{count}} working day left',
  daysLeftCalendar_one: '{{count}} day left',
  overdue_one: 'Overdue by {{count}} working day',
  overdueCalendar_one: 'Overdue by {{count}} day',
  daysLeftCalendar: '{{count}} days left',
  overdue: 'Overdue by {{count}} working days',
  overdueCalendar: 'Overdue by {{count}} days',
  due: ' ({{kind}}, by {{date}})', // the Chinese form needs no space before its full-width bracket
  reviewMonth: 'Review in {{month}}',
  reviewOverdue: 'Review overdue ({{month}})',
  noDeadline: 'Nothing due',
  calendarMissing: 'The {{year}} working-day calendar is missing',
  deadlineKind: { 'survey-start': 'start the survey', decision: 'county decision', 'notice-end': 'notice ends' },
  returned: 'Returned by the county: {{missing}}',
  returnComment: 'County comment: {{comment}}',
  stale: '{{count}} step(s) conflict with another record; the county will settle them',
  reviewsTitle: 'Reviews due this month',
  reviewsEmpty: 'No review falls due this month.',
  reviewsLabel: 'Reviews due this month',
  step: {
    survey: 'Household survey',
    'financial-check': 'Financial check',
    'township-opinion': 'Township opinion',
    notice: 'Public notice',
    're-investigation': 'Re-investigation',
    'emergency-grant': 'Emergency grant first',
    extension: 'Deadline extended',
    'county-decision': 'County decision',
    'review-outcome': 'Review outcome',
    correction: 'Correction',
  },
  programme: {
    dibao: 'Minimum living allowance (dibao)',
    tekun: 'Extreme-poverty support (tekun)',
    'low-income': 'Low-income household',
    'rigid-spending': 'Hardship from essential spending',
    'temporary-emergency': 'Temporary assistance (emergency)',
    'temporary-spending': 'Temporary assistance (spending)',
    orphan: 'Orphan',
    'child-without-care': 'Child without de facto care',
  },
};
