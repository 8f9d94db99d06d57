import { useEffect, useRef, useState } from 'react';
import type { HouseholdListItem, UnlockedSession } from '../../db/contracts';

/**
 * The household list for a search text, re-queried whenever local data changes (a save, a sync
 * marking records synced or rejected). Typing is debounced: a query of two or more characters reads the
 * name index and decrypts only the households it names (SPEC N4); one character searches them all.
 */
export function useHouseholds(session: UnlockedSession, text: string, debounceMs = 150): HouseholdListItem[] | null {
  const [items, setItems] = useState<HouseholdListItem[] | null>(null);
  const [version, setVersion] = useState(0);
  const lastText = useRef(text);
  useEffect(() => session.onChange(() => setVersion((v) => v + 1)), [session]);
  useEffect(() => {
    let live = true;
    const run = () => {
      const q = text.trim();
      session.households.list(q ? { text: q } : undefined).then(
        (r) => live && setItems(r),
        () => live && setItems([]),
      );
    };
    // The first load and data changes run at once; only typing waits for a pause.
    const typed = lastText.current !== text;
    lastText.current = text;
    if (!typed) {
      run();
      return () => {
        live = false;
      };
    }
    const timer = setTimeout(run, debounceMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [session, text, version, debounceMs]);
  return items;
}
