import { townshipsEquivalentTo } from '../../../src/shared/rules/areas/townships-of-county';
import type { DivisionLink } from '../../../src/shared/rules/areas/successor-chain';

/** The township codes that are one area with a code today (the code itself included). */
export type SameArea = (township: string) => ReadonlySet<string>;

/**
 * Whether two township codes are one area, from the registry's successor chains (issue 10): records
 * keep the code they were written under, so a record written under a provisional code stays writable,
 * and referable, by a worker whose account now holds the official code that succeeded it (and the
 * reverse), as reads already follow the chains (scope.ts). Memoised for one push: the registry is
 * read once, before the transaction.
 */
export function sameAreaOf(divisions: readonly DivisionLink[]): SameArea {
  const memo = new Map<string, ReadonlySet<string>>();
  return (township) => {
    let set = memo.get(township);
    if (!set) memo.set(township, (set = new Set(townshipsEquivalentTo(divisions, township))));
    return set;
  };
}

/** Only the code itself: for an actor built without the registry. */
export const codeItselfOnly: SameArea = (township) => new Set([township]);
