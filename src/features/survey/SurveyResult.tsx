import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { renderAssessment } from '../../i18n/explanation';
import { formatDateTime } from '../../shared/rules/china-time';
import { explainAssessment, type Reason } from '../../shared/rules/eligibility';
import type { SurveyDraft } from '../../shared/schema/survey';
import { yuan } from './format';
import { useSurveyText } from './useSurveyText';

type ReasonOf<R extends Reason['rule']> = Extract<Reason, { rule: R }>;

/**
 * The pre-assessment of a completed survey: the household's outcome and each member's programme, the
 * per-capita income and the figures behind it, the reasons rule by rule in the worker's language
 * (explainAssessment), and the policy version used. A pre-assessment, never a decision.
 */
export function SurveyResult({ survey, policySource, onEdit, onBack }: { survey: SurveyDraft; policySource?: string | null; onEdit?: () => void; onBack?: () => void }) {
  const { t, lang } = useSurveyText();
  const { t: te } = useTranslation('eligibility'); // added with the survey texts (useSurveyText)
  const id = useId();
  const a = survey.assessment;
  const members = survey.members ?? [];
  const names = Object.fromEntries(members.map((m, i) => [m.id, m.name?.trim() || t('caseStep.memberN', { n: i + 1 })]));

  const actions = (
    <div className="form-actions">
      {onEdit && (
        <button type="button" onClick={onEdit}>
          {t('result.edit')}
        </button>
      )}
      {onBack && (
        <button type="button" onClick={onBack}>
          {t('result.backToList')}
        </button>
      )}
    </div>
  );

  if (!a) {
    return (
      <section className="survey-result" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t('result.title')}</h2>
        <p className="warning">{t('result.noAssessment')}</p>
        {actions}
      </section>
    );
  }

  const { summary, reasons } = renderAssessment(te, explainAssessment(a, { names }));
  const find = <R extends Reason['rule']>(rule: R) => a.reasons.filter((r): r is ReasonOf<R> => r.rule === rule);
  const d1 = find('D1')[0];
  const d2 = find('D2')[0];
  const e1 = new Map(find('E1').map((r) => [r.memberId, r]));
  const e2 = new Map(find('E2').map((r) => [r.memberId, r]));
  const persons = new Map(a.persons.map((p) => [p.memberId, p]));
  const outcome = `${t(`result.outcome.${a.household}`)}${a.householdBenefit !== null ? `${lang === 'zh' ? '，' : ', '}${t('result.benefit', { amount: yuan(a.householdBenefit) })}` : ''}`;

  return (
    <section className="survey-result" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('result.title')}</h2>
      <p className="hint">{t('result.disclaimer')}</p>
      <p className="result-outcome">
        {t('result.household')}
        {lang === 'zh' ? '：' : ': '}
        {outcome}
      </p>
      <p>{a.perCapitaIncome === null ? t('result.noPerCapita') : t('result.perCapita', { amount: yuan(a.perCapitaIncome) })}</p>
      <p>{t(`result.temporary.${a.temporaryAssistance ?? 'none'}`)}</p>
      <p className="result-summary">{summary}</p>

      <section aria-labelledby={`${id}-figures`}>
      <h3 id={`${id}-figures`}>{t('result.figures')}</h3>
      <dl className="result-figures">
        <dt>{t('result.figure.counted')}</dt>
        <dd>{t('result.figure.countedValue', { count: a.countedMembers })}</dd>
        {d1 && (
          <>
            <dt>{t('result.figure.n')}</dt>
            <dd>{d1.n}</dd>
            <dt>{t('result.figure.totalIncome')}</dt>
            <dd>{yuan(d1.totalIncome)}</dd>
            <dt>{t('result.figure.perCapita')}</dt>
            <dd>{d1.perCapitaIncome === null ? '—' : yuan(d1.perCapitaIncome)}</dd>
            <dt>{t('result.figure.standard')}</dt>
            <dd>{yuan(d1.standard)}</dd>
          </>
        )}
        {d2 && (
          <>
            <dt>{t('result.figure.ceiling')}</dt>
            <dd>{yuan(d2.ceiling)}</dd>
          </>
        )}
        <dt>{t('result.figure.assets')}</dt>
        <dd>{a.assetsWithinLimit ? t('result.figure.assetsOk') : t('result.figure.assetsOver')}</dd>
      </dl>
      </section>

      <h3 id={`${id}-members`}>{t('result.members')}</h3>
      <table className="records" aria-labelledby={`${id}-members`}>
        <thead>
          <tr>
            <th scope="col">{t('result.col.name')}</th>
            <th scope="col">{t('result.col.relation')}</th>
            <th scope="col">{t('result.col.counted')}</th>
            <th scope="col">{t('result.col.countable')}</th>
            <th scope="col">{t('result.col.programme')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const p = persons.get(m.id);
            const counted = e1.get(m.id)?.counted ?? m.counted;
            const income = e2.get(m.id);
            return (
              <tr key={m.id}>
                <th scope="row" data-label={t('result.col.name')}>
                  {names[m.id]}
                </th>
                <td data-label={t('result.col.relation')}>{m.relation ? t(`options.relation.${m.relation}`) : ''}</td>
                <td data-label={t('result.col.counted')}>{counted ? t('yes') : t('no')}</td>
                <td data-label={t('result.col.countable')}>{income ? yuan(income.countable) : '—'}</td>
                <td data-label={t('result.col.programme')}>
                  {p ? `${t(`result.programme.${p.programme}`)}${p.benefit !== undefined ? ` · ${t('result.benefit', { amount: yuan(p.benefit) })}` : ''}` : t('result.programme.none')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h3 id={`${id}-reasons`}>{t('result.reasons')}</h3>
      <ol className="result-reasons" aria-labelledby={`${id}-reasons`}>
        {reasons.map((r, i) => (
          <li key={i}>{r}</li>
        ))}
      </ol>
      <p>{t('result.policy', { version: a.policyVersion, time: formatDateTime(a.assessedAt) })}</p>
      {policySource && <p className="hint">{t('result.policySource', { source: policySource })}</p>}
      {actions}
    </section>
  );
}
