import { useEffect, useMemo, useState } from 'react';
import type { UnlockedSession } from '../../db/contracts';
import { errorCodeOf } from '../../i18n/error-message';
import type { DivisionsResponse } from '../../shared/protocol/admin/divisions';
import type { Division } from '../../shared/schema/division';
import { areaDirectory, type AreaDirectory } from './area-directory';

type Session = Pick<UnlockedSession, 'request'>;

/** One registry read per session and refresh, shared by every picker and table on the page. */
const loads = new WeakMap<Session, { key: number; promise: Promise<Division[]> }>();

function loadDivisions(session: Session, key: number): Promise<Division[]> {
  const cached = loads.get(session);
  if (cached && cached.key === key) return cached.promise;
  const promise = session.request<DivisionsResponse>('GET', '/api/divisions').then((r) => r.divisions);
  loads.set(session, { key, promise });
  promise.catch(() => loads.delete(session));
  return promise;
}

export interface DivisionsState {
  directory: AreaDirectory | null;
  /** The server's error code when the registry could not be read. */
  error: string | null;
}

/**
 * The division registry (GET /api/divisions, sync-server/src/routes/divisions.ts) for online pages:
 * names for codes, choices for pickers. `refreshKey` reads it again (after an import or a rename).
 */
export function useDivisions(session: Session, refreshKey = 0): DivisionsState {
  const [divisions, setDivisions] = useState<Division[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadDivisions(session, refreshKey).then(
      (list) => live && (setDivisions(list), setError(null)),
      (e: unknown) => live && setError(errorCodeOf(e).code),
    );
    return () => {
      live = false;
    };
  }, [session, refreshKey]);
  const directory = useMemo(() => (divisions ? areaDirectory(divisions) : null), [divisions]);
  return { directory, error };
}
