import { useEffect, useRef, useState } from 'react';
import { useDataVersion } from '../../app/useDataVersion';
import type { HouseholdListItem, UnlockedSession } from '../../db/contracts';
import { HOUSEHOLD_PAGE } from '../../db/household-list';
import { runAfterTyping } from './run-after-typing';

export interface HouseholdListState {
  items: HouseholdListItem[] | null;
  /** Another household matches beyond those shown (SPEC N7: not counted, counting would decrypt them all). */
  more: boolean;
  showMore: () => void;
}

/**
 * The household list's pages for a search text (SPEC N7): the first page, and one more page per
 * showMore(). Only what is shown is decrypted (plus the candidates the check rejects); a new text starts
 * at one page again. Re-queried whenever local data changes; typing is debounced as in useHouseholds.
 */
export function useHouseholdPage(session: UnlockedSession, text: string, debounceMs = 150): HouseholdListState {
  const [page, setPage] = useState<{ items: HouseholdListItem[]; more: boolean } | null>(null);
  const [limit, setLimit] = useState(HOUSEHOLD_PAGE);
  const version = useDataVersion(session);
  const lastText = useRef(text);
  useEffect(() => {
    const typed = lastText.current !== text;
    lastText.current = text;
    // A new text shows its first page (the limit grows again only by showMore).
    const want = typed ? HOUSEHOLD_PAGE : limit;
    if (typed && limit !== HOUSEHOLD_PAGE) setLimit(HOUSEHOLD_PAGE);
    return runAfterTyping(typed, debounceMs, (live) => {
      const q = text.trim();
      session.households.search(q ? { text: q } : {}, want).then(
        (r) => live() && setPage(r),
        () => live() && setPage({ items: [], more: false }),
      );
    });
  }, [session, text, version, debounceMs, limit]);
  return {
    items: page?.items ?? null,
    more: page?.more ?? false,
    showMore: () => setLimit((l) => l + HOUSEHOLD_PAGE),
  };
}
