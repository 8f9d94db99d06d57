import { useEffect, useState } from 'react';
import type { SyncState, UnlockedSession } from '../db/contracts';

/** The session's sync state, re-rendered on every change the sync client reports. */
export function useSyncState(session: UnlockedSession): SyncState {
  const [state, setState] = useState<SyncState>(() => session.sync.state());
  useEffect(() => {
    setState(session.sync.state());
    return session.sync.subscribe(setState);
  }, [session]);
  return state;
}
