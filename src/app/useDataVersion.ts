import { useEffect, useState } from 'react';
import type { UnlockedSession } from '../db/contracts';

/**
 * A number that grows whenever the session's local data changes (a save, a sync marking records synced
 * or rejected: session.onChange). A live query's effect depends on it, so it reads again after each change.
 */
export function useDataVersion(session: UnlockedSession): number {
  const [version, setVersion] = useState(0);
  useEffect(() => session.onChange(() => setVersion((v) => v + 1)), [session]);
  return version;
}
