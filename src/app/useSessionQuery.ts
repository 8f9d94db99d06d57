import { useEffect, useState } from 'react';
import type { UnlockedSession } from '../db/contracts';
import { useDataVersion } from './useDataVersion';

/**
 * Re-runs `load` whenever local data changes (a save, a sync: session.onChange) or a dependency
 * changes; null until the first answer. A failed load gives `onError` (null unless given), so a
 * screen shows an empty list rather than spinning forever. The live query of every screen that reads
 * the session (screens see the session contract, never Dexie, so dexie-react-hooks does not fit).
 */
export function useSessionQuery<T>(session: UnlockedSession, load: () => Promise<T>, deps: unknown[], onError: T | null = null): T | null {
  const [value, setValue] = useState<T | null>(null);
  const version = useDataVersion(session);
  useEffect(() => {
    let live = true;
    load().then(
      (v) => live && setValue(v),
      () => live && setValue(onError),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what `load` reads
  }, [session, version, ...deps]);
  return value;
}
