import { useId } from 'react';
import { formatDateTime } from '../../shared/rules/china-time';
import { useSession } from '../../app/session-context';
import type { SurveyListItem } from '../../db/contracts';
import { useSurveyList } from './useSurveyList';
import { useSurveyText } from './useSurveyText';
import './survey.css';

/**
 * The surveys on this tablet, newest first, and — when the worker left one unfinished — a button
 * straight back to it (a reload, a dead battery or a lock never loses the place).
 */
export function SurveyListPage({ onNew, onOpen, onResult }: { onNew: () => void; onOpen: (id: string) => void; onResult: (id: string) => void }) {
  const { t, tApp } = useSurveyText();
  const session = useSession();
  const id = useId();
  const data = useSurveyList(session);
  const draft = data?.currentDraft ? data.items.find((i) => i.id === data.currentDraft) : undefined;
  const nameOf = (i: SurveyListItem) => i.applicantName || t('list.unnamed');

  return (
    <section className="survey-list" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h2 id={`${id}-title`}>{t('list.title')}</h2>
        <button type="button" className="primary" onClick={onNew}>
          {t('list.create')}
        </button>
      </div>
      {draft && (
        <div className="notice resume">
          <p>{t('list.resumeExplain', { name: nameOf(draft), time: formatDateTime(draft.updatedAt) })}</p>
          <button type="button" className="primary" onClick={() => onOpen(draft.id)}>
            {t('list.resumeDraft')}
          </button>
        </div>
      )}
      {data === null ? (
        <p>{tApp('app.loading')}</p>
      ) : data.items.length === 0 ? (
        <p className="empty">{t('list.empty')}</p>
      ) : (
        <table className="records">
          <thead>
            <tr>
              <th scope="col">{t('list.col.applicant')}</th>
              <th scope="col">{t('list.col.members')}</th>
              <th scope="col">{t('list.col.village')}</th>
              <th scope="col">{t('list.col.stage')}</th>
              <th scope="col">{t('list.col.outcome')}</th>
              <th scope="col">{t('list.col.state')}</th>
              <th scope="col">{t('list.col.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((i) => {
              const name = nameOf(i);
              const submitted = i.stage === 'submitted';
              return (
                <tr key={i.id}>
                  <th scope="row" data-label={t('list.col.applicant')}>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => (submitted ? onResult(i.id) : onOpen(i.id))}
                      aria-label={submitted ? t('list.result', { name }) : t('list.open', { name })}
                    >
                      {name}
                    </button>
                  </th>
                  <td data-label={t('list.col.members')}>{i.membersCount}</td>
                  <td data-label={t('list.col.village')}>{i.village}</td>
                  <td data-label={t('list.col.stage')}>{t(`stage.${i.stage}`)}</td>
                  <td data-label={t('list.col.outcome')}>{i.outcome ? t(`result.outcome.${i.outcome}`) : '—'}</td>
                  <td data-label={t('list.col.state')} className={`record-state record-${i.syncState}`}>
                    {tApp(`household.state.${i.syncState}`)}
                  </td>
                  <td data-label={t('list.col.updated')}>{formatDateTime(i.updatedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
