import type { StoredAssessment } from '../../../src/shared/schema/survey';

/**
 * Facts a reason carries only so that its explanation can name them (assessment-schema.ts): they decide
 * nothing. T1's `recordedLabourCapacity` and `health` came with release 2; a release-1 tablet's T1 reasons
 * lack them although every outcome agrees (SPEC V5).
 */
const EXPLANATION_ONLY: Readonly<Record<string, readonly string[]>> = {
  T1: ['recordedLabourCapacity', 'health'],
};

/**
 * An assessment as the mismatch check compares it (SPEC V5): without its stamp (policy version, time) and
 * without the facts that only explain. Everything that decides — outcomes, amounts, the reasons' rules,
 * members and figures — stays in.
 */
export function decidingPart(a: StoredAssessment): Omit<StoredAssessment, 'policyVersion' | 'assessedAt'> {
  const { policyVersion: _v, assessedAt: _a, ...rest } = a;
  return {
    ...rest,
    reasons: rest.reasons.map((r) => {
      const drop = EXPLANATION_ONLY[r.rule];
      if (!drop) return r;
      return Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k))) as typeof r;
    }),
  };
}
