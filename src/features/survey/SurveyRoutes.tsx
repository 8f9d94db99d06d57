import { useServices } from '../../app/services';
import { paths, type Route } from '../../app/useHashRoute';
import { SurveyFormPage } from './SurveyFormPage';
import { SurveyListPage } from './SurveyListPage';
import { SurveyResultPage } from './SurveyResultPage';

/** The survey screens behind '#/surveys' (loaded on first use, like the other forms). */
export function SurveyRoutes({ route, navigate }: { route: Route; navigate: (hash: string) => void }) {
  const { newId } = useServices();
  switch (route.name) {
    case 'survey':
      return <SurveyFormPage key={route.id} id={route.id} onCompleted={(id) => navigate(paths.surveyResult(id))} />;
    case 'survey-result':
      return <SurveyResultPage key={route.id} id={route.id} onEdit={() => navigate(paths.survey(route.id))} onBack={() => navigate(paths.surveys)} />;
    default:
      return (
        <SurveyListPage
          // The id is made here, so the new survey's address survives a reload before its first save.
          onNew={() => navigate(paths.survey(newId()))}
          onOpen={(id) => navigate(paths.survey(id))}
          onResult={(id) => navigate(paths.surveyResult(id))}
        />
      );
  }
}
