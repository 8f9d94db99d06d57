import { useTranslation } from 'react-i18next';
import { paths, type Route } from '../../app/useHashRoute';
import './survey-nav.css';
import { RelocationNavLinks } from '../relocation/RelocationNavLinks';

/** The workspace's main menu: displaced households and household surveys. */
export function SurveyNav({ route }: { route: Route['name'] }) {
  const { t } = useTranslation();
  const { t: ts } = useTranslation('surveyNav');
  const inSurveys = route === 'surveys' || route === 'survey' || route === 'survey-result';
  return (
    <nav className="main-nav" aria-label={ts('menu')}>
      <a href={paths.households} aria-current={route === 'households' || route === 'household-new' || route === 'household-edit' ? 'page' : undefined}>
        {t('household.listTitle')}
      </a>
      <a href={paths.surveys} aria-current={inSurveys ? 'page' : undefined}>
        {ts('nav')}
      </a>
      <RelocationNavLinks route={route} />
    </nav>
  );
}
