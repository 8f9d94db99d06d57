import { useSession } from '../../app/session-context';
import { useSessionQuery } from '../../app/useSessionQuery';
import { paths } from '../../app/useHashRoute';
import { CaseTable } from './CaseTable';
import { useCasesText } from './useCasesText';
import './cases.css';

/**
 * 我的案件 (issue 15), offline: the township's cases on this tablet by deadline,
 * and 本月到期复核. Re-reads after every sync (useSessionQuery), so a county return shows with its comment.
 */
export function CasesPage() {
  const session = useSession();
  const { t } = useCasesText();
  const overview = useSessionQuery(session, () => session.cases.overview(), []);
  return (
    <section className="cases-page" aria-labelledby="cases-title">
      <h1 id="cases-title">{t('title')}</h1>
      <p className="hint">{t('explain')}</p>
      <p>
        <a className="button" href={paths.caseNew}>
          {t('work.accept')}
        </a>
      </p>
      {!overview ? (
        <p role="status">{t('loading')}</p>
      ) : overview.cases.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <CaseTable items={overview.cases} label={t('listLabel')} />
      )}
      {overview && (
        <section aria-labelledby="cases-reviews-title">
          <h2 id="cases-reviews-title">{t('reviewsTitle')}</h2>
          {overview.reviewsDue.length === 0 ? <p className="empty">{t('reviewsEmpty')}</p> : <CaseTable items={overview.reviewsDue} label={t('reviewsLabel')} />}
        </section>
      )}
    </section>
  );
}
