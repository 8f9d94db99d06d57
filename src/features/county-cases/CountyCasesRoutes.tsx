import type { Route } from '../../app/useHashRoute';
import { CaseListPrintPage } from './CaseListPrintPage';
import { CountyCasePage } from './CountyCasePage';
import { CountyCasesPage } from './CountyCasesPage';

/** The county's case pages, one chunk loaded on first use (the queue, a case, a printable list). */
export function CountyCasesRoutes({ route }: { route: Extract<Route, { name: 'county-cases' | 'county-case' | 'county-case-list' }> }) {
  if (route.name === 'county-case') return <CountyCasePage key={route.id} caseId={route.id} />;
  if (route.name === 'county-case-list') return <CaseListPrintPage key={`${route.kind}/${route.township ?? ''}`} kind={route.kind} township={route.township} />;
  return <CountyCasesPage />;
}
