import { useEffect, useState } from 'react';
import type { UnlockedSession } from '../../db/contracts';
import type { DashboardOverviewResponse } from '../../shared/protocol/dashboard';

export type DashboardState = { status: 'idle' | 'loading' } | { status: 'ready'; data: DashboardOverviewResponse } | { status: 'failed'; error: unknown };

/** The overview of `eventId` at `at` (its day series from `from`, '' = the event's start) from the server, fetched again when any changes or on `reload`. */
export function useDashboard(county: UnlockedSession['county'], eventId: string, at: string, from: string, reload: number): DashboardState {
  const [state, setState] = useState<DashboardState>({ status: 'idle' });
  useEffect(() => {
    if (!eventId) return;
    let stale = false;
    setState({ status: 'loading' });
    county.dashboard(eventId, at, from || undefined).then(
      (data) => !stale && setState({ status: 'ready', data }),
      (error: unknown) => !stale && setState({ status: 'failed', error }),
    );
    return () => {
      stale = true;
    };
  }, [county, eventId, at, from, reload]);
  return state;
}
