import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { paths } from '../../app/useHashRoute';
import { useSession } from '../../app/session-context';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { useCountyCasesText } from '../../i18n/county-cases.texts';
import { CASE_LIST_KINDS, type CountyQueueResponse, type RevisitSampleResponse } from '../../shared/protocol/county-cases';
import { CASE_PROGRAMMES } from '../../shared/schema/case';
import { CaseDashboard } from './CaseDashboard';
import { deadlineText } from './deadline-text';
import { casesQuery } from './cases-query';
import { useCountyRequest } from './useCountyRequest';
import './county-cases.css';

/**
 * 待审核确认 (issue 15, SPEC K10): the county's queue of cases awaiting decision, oldest deadline first,
 * filterable by township and programme; the re-visit sample, the printable lists and the dashboard.
 * Online only: a county office screen.
 */
export function CountyCasesPage() {
  const { t } = useCountyCasesText();
  const { t: tApp } = useTranslation();
  const session = useSession();
  const id = useId();
  const [filter, setFilter] = useState({ township: '', programme: '', scope: '' });
  const query = casesQuery(filter);
  const { data, error } = useCountyRequest<CountyQueueResponse>(session.online() ? `/api/county/cases${query}` : null);
  const [draft, setDraft] = useState(filter);
  const [sample, setSample] = useState<RevisitSampleResponse | null>(null);
  const [sampleError, setSampleError] = useState<string | null>(null);

  if (!session.online()) {
    return (
      <section aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t('title')}</h2>
        <p className="warning">{t('needOnline')}</p>
      </section>
    );
  }

  const drawSample = async () => {
    setSampleError(null);
    try {
      setSample(await session.request<RevisitSampleResponse>('POST', '/api/county/cases/revisit-sample', filter.township ? { township: filter.township } : {}));
    } catch (e) {
      const { code, details } = errorCodeOf(e);
      setSampleError(errorMessage(tApp, code, details));
    }
  };

  return (
    <section className="county-cases" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('title')}</h2>
      <p className="hint">{t('explain')}</p>
      <form
        className="filter"
        aria-label={t('filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(draft);
        }}
      >
        <label>
          {t('township')}
          <select value={draft.township} onChange={(e) => setDraft({ ...draft, township: e.target.value })}>
            <option value="">{t('all')}</option>
            {data?.townships.map((tw) => (
              <option key={tw.code} value={tw.code}>
                {tw.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('programme')}
          <select value={draft.programme} onChange={(e) => setDraft({ ...draft, programme: e.target.value })}>
            <option value="">{t('all')}</option>
            {CASE_PROGRAMMES.map((p) => (
              <option key={p} value={p}>
                {t(`programmeName.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('scope')}
          <select value={draft.scope} onChange={(e) => setDraft({ ...draft, scope: e.target.value })}>
            <option value="">{t('scopeAwaiting')}</option>
            <option value="open">{t('scopeOpen')}</option>
          </select>
        </label>
        <button type="submit">{t('apply')}</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {t('failed', { reason: error })}
        </p>
      )}
      {data === null ? (
        !error && <p>{t('loading')}</p>
      ) : data.cases.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <table className="records" aria-label={filter.scope === 'open' ? t('openLabel') : t('queueLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('col.applicant')}</th>
              <th scope="col">{t('col.township')}</th>
              <th scope="col">{t('col.programme')}</th>
              <th scope="col">{t('col.proposal')}</th>
              <th scope="col">{t('col.deadline')}</th>
              <th scope="col">{t('col.accepted')}</th>
            </tr>
          </thead>
          <tbody>
            {data.cases.map((c) => {
              const d = deadlineText(t, c.deadline);
              const name = c.applicantName ?? t('unnamed');
              return (
                <tr key={c.caseId} className={d.overdue ? 'overdue' : undefined}>
                  <th scope="row" data-label={t('col.applicant')}>
                    <a href={paths.countyCase(c.caseId)} aria-label={t('open', { name })}>
                      {name}
                    </a>
                    {c.staleSteps > 0 && <span className="badge">{t('staleMark')}</span>}
                  </th>
                  <td data-label={t('col.township')}>{c.townshipName ?? c.township}</td>
                  <td data-label={t('col.programme')}>{t(`programmeName.${c.programme}`)}</td>
                  <td data-label={t('col.proposal')}>{c.proposal?.proposal === 'grant' ? t('proposalGrant', { amount: c.proposal.amount }) : c.proposal ? t('proposalRefuse') : ''}</td>
                  <td data-label={t('col.deadline')} className={d.overdue ? 'late' : undefined}>
                    {d.text}
                  </td>
                  <td data-label={t('col.accepted')}>{c.acceptedOn}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <h3>{t('lists')}</h3>
      <ul className="list-links">
        {CASE_LIST_KINDS.map((k) => (
          <li key={k}>
            <a href={paths.countyCaseList(k, filter.township || undefined)}>{t(`list.${k}`)}</a>
          </li>
        ))}
      </ul>

      <h3>{t('sample.title')}</h3>
      <p className="hint">{t('sample.explain')}</p>
      <button type="button" onClick={() => void drawSample()}>
        {t('sample.draw')}
      </button>
      {sampleError && (
        <p className="error" role="alert">
          {sampleError}
        </p>
      )}
      {sample && (
        <div role="status">
          <p>
            {t('sample.result', { population: sample.population, count: sample.picked.length })}，{t('sample.seed', { seed: sample.seed })}
          </p>
          <ul aria-label={t('sample.label')}>
            {sample.picked.map((c) => (
              <li key={c.caseId}>
                <a href={paths.countyCase(c.caseId)}>{c.applicantName ?? t('unnamed')}</a>（{c.townshipName ?? c.township}，{t(`programmeName.${c.programme}`)}）
              </li>
            ))}
          </ul>
        </div>
      )}

      <CaseDashboard query={query} />
    </section>
  );
}
