import type { casePolicyZhCN } from './case-policy.zh-CN';

/** A county's case-lifecycle parameters, English. */
export const casePolicyEn: typeof casePolicyZhCN = {
  title: 'Case deadlines',
  explain:
    'Each county may set deadlines and review intervals per programme; a blank field takes the dibao rule’s figure (the default in brackets). Tablets and the county’s review both count with these.',
  toCalendar: 'Working days',
  toPolicy: 'Case deadlines',
  adminOnly: 'Only an administrator sets the case deadlines.',
  onlineOnly: 'Setting the case deadlines needs a network connection.',
  loading: 'Loading…',
  county: 'County',
  programme: 'Programme',
  noCounty: 'The registry has no county yet; import the divisions under Administration first.',
  save: 'Save',
  saved: 'The {{programme}} deadlines of {{county}} are saved.',
  invalid: 'Correct these before saving:',
  defaultValue: '(default {{value}})',
  params: {
    surveyStartWorkingDays: 'Survey starts within, working days after acceptance',
    noticeDays: 'Public notice, days',
    decisionWorkingDays: 'Acceptance to county decision, working days',
    extendedDecisionWorkingDays: 'Extended in special cases to, working days',
    reviewMonthsStable: 'Review interval, stable household, months',
    reviewMonthsUnstable: 'Review interval, working-age members or unstable income, months',
    gradualExitMaxMonths: 'Gradual exit at most, months',
    countyRevisitShare: 'County re-visit share (0–1)',
  },
  programmes: {
    dibao: 'Minimum living allowance (dibao)',
    tekun: 'Extreme-poverty support',
    'low-income': 'Low-income (dibao margin)',
    'rigid-spending': 'Heavy essential spending',
    'temporary-emergency': 'Temporary assistance (emergency)',
    'temporary-spending': 'Temporary assistance (spending)',
    orphan: 'Orphan',
    'child-without-care': 'Child without de facto care',
  },
  issue: {
    'policy.extendedShorter': 'the extended period may not be shorter than the normal one',
    number: 'enter a number within range',
  },
};
