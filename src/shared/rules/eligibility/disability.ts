import type { Disability } from './household-schema';

/**
 * T1's disabilities that mean no labour capacity: intellectual or mental grade 1–3, physical or
 * multiple grade 1–2, visual grade 1. (household-survey.md lists physical 1–2 without "multiple";
 * eligibility.md, the rule text, includes multiple, and we follow the rule text.)
 */
export function disabilityMeansNoLabourCapacity(d: Disability | undefined): boolean {
  if (!d) return false;
  switch (d.category) {
    case 'intellectual':
    case 'mental':
      return d.grade <= 3;
    case 'physical':
    case 'multiple':
      return d.grade <= 2;
    case 'visual':
      return d.grade === 1;
    default:
      return false;
  }
}

/** T4 and D3's severe disability: any category grade 1–2, or intellectual/mental grade 3. */
export function isSevereDisability(d: Disability | undefined): boolean {
  if (!d) return false;
  return d.grade <= 2 || (d.grade === 3 && (d.category === 'intellectual' || d.category === 'mental'));
}
