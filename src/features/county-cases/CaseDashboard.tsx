import { useId } from 'react';
import { useCountyCasesText } from '../../i18n/county-cases.texts';
import { CASE_STAGES, type CountyDashboardResponse } from '../../shared/protocol/county-cases';
import { useCountyRequest } from './useCountyRequest';

/** [K14] The cases dashboard: cases by step and programme, overdue by township, reviews due this month (tables). */
export function CaseDashboard({ query }: { query: string }) {
  const { t } = useCountyCasesText();
  const id = useId();
  const { data, error } = useCountyRequest<CountyDashboardResponse>(`/api/county/cases/dashboard${query}`);
  if (error)
    return (
      <p className="error" role="alert">
        {t('failed', { reason: error })}
      </p>
    );
  if (!data) return <p>{t('loading')}</p>;
  const programmes = [...new Set(data.byStage.map((s) => s.programme))];
  const count = (stage: string, programme: string) => data.byStage.find((s) => s.stage === stage && s.programme === programme)?.count ?? 0;
  return (
    <section className="case-dashboard" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('dashboard.title')}</h3>
      <h4>{t('dashboard.byStage')}</h4>
      <table className="records" aria-label={t('dashboard.byStageLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('col.stage')}</th>
            {programmes.map((p) => (
              <th scope="col" key={p}>
                {t(`programmeName.${p}`)}
              </th>
            ))}
            <th scope="col">{t('dashboard.total')}</th>
          </tr>
        </thead>
        <tbody>
          {CASE_STAGES.map((stage) => (
            <tr key={stage}>
              <th scope="row">{t(`stage.${stage}`)}</th>
              {programmes.map((p) => (
                <td key={p}>{count(stage, p)}</td>
              ))}
              <td>{programmes.reduce((n, p) => n + count(stage, p), 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('dashboard.overdue')}</h4>
      <table className="records" aria-label={t('dashboard.overdueLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('col.township')}</th>
            <th scope="col">{t('col.overdue')}</th>
            <th scope="col">{t('col.open')}</th>
          </tr>
        </thead>
        <tbody>
          {data.overdueByTownship.map((r) => (
            <tr key={r.township} className={r.overdue > 0 ? 'overdue' : undefined}>
              <th scope="row">{r.townshipName ?? r.township}</th>
              <td>{r.overdue}</td>
              <td>{r.open}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('dashboard.reviews', { month: data.month })}</h4>
      {data.reviewsDue.length === 0 ? (
        <p className="empty">{t('dashboard.noReviews')}</p>
      ) : (
        <table className="records" aria-label={t('dashboard.reviewsLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('col.applicant')}</th>
              <th scope="col">{t('col.township')}</th>
              <th scope="col">{t('col.programme')}</th>
              <th scope="col">{t('col.month')}</th>
            </tr>
          </thead>
          <tbody>
            {data.reviewsDue.map((r) => (
              <tr key={r.caseId}>
                <th scope="row">{r.applicantName ?? t('unnamed')}</th>
                <td>{r.townshipName ?? r.township}</td>
                <td>{t(`programmeName.${r.programme}`)}</td>
                <td>{r.deadline.kind === 'review' ? r.deadline.dueMonth : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
