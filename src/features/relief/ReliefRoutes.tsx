import { lazy } from 'react';
import type { Route } from '../../app/useHashRoute';
import './relief.css';

// Each screen is its own chunk: the county report is for the office, the signature pad for the desk.
const ShelterListPage = lazy(() => import('../shelters/ShelterListPage').then((m) => ({ default: m.ShelterListPage })));
const ReliefLedgerPage = lazy(() => import('./ReliefLedgerPage').then((m) => ({ default: m.ReliefLedgerPage })));
const ReliefHouseholdPage = lazy(() => import('./ReliefHouseholdPage').then((m) => ({ default: m.ReliefHouseholdPage })));
const CountyReportPage = lazy(() => import('../county-report/CountyReportPage').then((m) => ({ default: m.CountyReportPage })));

type ReliefRoute = Extract<Route, { name: 'shelters' | 'relief' | 'relief-household' | 'county-report' }>;

/** The shelters, relief and county report screens (issue 4), loaded on first use. */
export function ReliefRoutes({ route }: { route: ReliefRoute; navigate: (hash: string) => void }) {
  switch (route.name) {
    case 'shelters':
      return <ShelterListPage />;
    case 'relief':
      return <ReliefLedgerPage />;
    case 'relief-household':
      return <ReliefHouseholdPage key={route.id} householdId={route.id} />;
    case 'county-report':
      return <CountyReportPage />;
  }
}
