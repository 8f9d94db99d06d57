import { useEffect, useRef, useState } from 'react';
import { useDataVersion } from '../../app/useDataVersion';
import type { HouseholdListItem, UnlockedSession } from '../../db/contracts';
import { runAfterTyping } from './run-after-typing';

/**
 * The household list for a search text, re-queried whenever local data changes (a save, a sync
 * marking records synced or rejected). Typing is debounced: a query of two or more characters reads the
 * name index and decrypts only the households it names (SPEC N4); one character searches them all.
 */
export function useHouseholds(session: UnlockedSession, text: string, debounceMs = 150): HouseholdListItem[] | null {
  const [items, setItems] = useState<HouseholdListItem[] | null>(null);
  const version = useDataVersion(session);
  const lastText = useRef(text);
  useEffect(() => {
    // The first load and data changes run at once; only typing waits for a pause.
    const typed = lastText.current !== text;
    lastText.current = text;
    return runAfterTyping(typed, debounceMs, (live) => {
      const q = text.trim();
      session.households.list(q ? { text: q } : undefined).then(
        (r) => live() && setItems(r),
        () => live() && setItems([]),
      );
    });
  }, [session, text, version, debounceMs]);
  return items;
}
