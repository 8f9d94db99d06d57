import type { Route } from '../../app/useHashRoute';
import { DashboardPage } from './DashboardPage';
import { FigureRecordsPage } from './FigureRecordsPage';
import { TownshipRecordsPage } from './TownshipRecordsPage';

/** The dashboard's screens, in one lazily loaded chunk (ECharts loads later still, with the first chart). */
export function DashboardRoutes({ route }: { route: Extract<Route, { name: 'dashboard' | 'dashboard-township' | 'dashboard-records' }> }) {
  if (route.name === 'dashboard-records') return <FigureRecordsPage eventId={route.eventId} at={route.at} siteId={route.siteId} day={route.day} figure={route.figure} />;
  if (route.name === 'dashboard-township') return <TownshipRecordsPage eventId={route.eventId ?? null} township={route.township} />;
  return <DashboardPage />;
}
