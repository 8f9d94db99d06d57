import { paths, type Route } from '../../app/useHashRoute';
import { AcceptCasePage } from './AcceptCasePage';
import { CasePage } from './CasePage';
import { CasesPage } from './CasesPage';

/** The case screens behind '#/cases' (loaded on first use): 我的案件, 受理, and one case. */
export function CasesRoutes({ route, navigate }: { route: Route; navigate: (hash: string) => void }) {
  switch (route.name) {
    case 'case-new':
      return <AcceptCasePage onSaved={(id) => navigate(paths.case(id))} onCancel={() => navigate(paths.cases)} />;
    case 'case':
      return <CasePage key={route.id} id={route.id} onSurvey={(id) => navigate(paths.survey(id))} />;
    default:
      return <CasesPage />;
  }
}
