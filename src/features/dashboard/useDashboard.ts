import { useEffect, useState } from 'react';
import type { UnlockedSession } from '../../db/contracts';
import type { DashboardOverviewResponse } from '../../shared/protocol/dashboard';

export type DashboardState = { status: 'idle' | 'loading' } | { status: 'ready'; data: DashboardOverviewResponse } | { status: 'failed'; error: unknown };

/** The overview of `eventId` at `at` from the server, fetched again when either changes or on `reload`. */
export function useDashboard(county: UnlockedSession['county'], eventId: string, at: string, reload: number): DashboardState {
  const [state, setState] = useState<DashboardState>({ status: 'idle' });
  useEffect(() => {
    if (!eventId) return;
    let stale = false;
    setState({ status: 'loading' });
    county.dashboard(eventId, at).then(
      (data) => !stale && setState({ status: 'ready', data }),
      (error: unknown) => !stale && setState({ status: 'failed', error }),
    );
    return () => {
      stale = true;
    };
  }, [county, eventId, at, reload]);
  return state;
}
