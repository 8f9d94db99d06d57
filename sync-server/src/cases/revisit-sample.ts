import { createHash } from 'node:crypto';
import type { CaseProgramme } from '../../../src/shared/schema/case';

/**
 * [K15] The county's own re-visit sample (case-lifecycle.md §5): of each programme's cases, the share
 * its policy sets (casePolicy countyRevisitShare, rounded up, so a share above 0 never picks none),
 * ranked by SHA-256(seed, case id). The same seed and cases give the same sample on any server, in any
 * order: the seed is recorded in the audit so the draw can be checked afterwards.
 */
export function revisitSample<T extends { caseId: string; programme: CaseProgramme }>(
  cases: readonly T[],
  /** The share that applies to a case (its county's policy for its programme); cases are drawn per share group. */
  shareOf: (c: T) => number,
  /** Cases drawn together: a county and a programme (two counties may set different shares). */
  groupOf: (c: T) => string,
  seed: string,
): T[] {
  const rank = (c: T) => createHash('sha256').update(`${seed}\u0000${c.caseId}`).digest('hex');
  const byProgramme = new Map<string, T[]>();
  for (const c of cases) {
    let list = byProgramme.get(groupOf(c));
    if (!list) byProgramme.set(groupOf(c), (list = []));
    list.push(c);
  }
  const picked: T[] = [];
  for (const list of byProgramme.values()) {
    const share = shareOf(list[0]!);
    const n = Math.min(list.length, Math.ceil(share * list.length - 1e-9));
    const ranked = list.map((c) => ({ c, r: rank(c) })).sort((a, b) => (a.r < b.r ? -1 : a.r > b.r ? 1 : 0));
    picked.push(...ranked.slice(0, n).map((x) => x.c));
  }
  return picked.sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
}
