import { useId } from 'react';
import { formatDateTime } from '../../shared/rules/china-time';
import { paths } from '../../app/useHashRoute';
import { useSession } from '../../app/session-context';
import { useCountyCasesText } from '../../i18n/county-cases.texts';
import { ASSESSMENT_FIELDS, type AssessmentView, type CountyCaseFileResponse, type StepView } from '../../shared/protocol/county-cases';
import { DecisionForm } from './DecisionForm';
import { deadlineText } from './deadline-text';
import { useCountyRequest } from './useCountyRequest';
import './county-cases.css';

/**
 * One case for the county (SPEC K11–K12): the survey, the tablet's pre-assessment beside the server's
 * re-run with the differences marked, the notices and objections, every step in arrival order (stale
 * ones marked), and the decision — grant, refuse or return — in one place.
 */
export function CountyCasePage({ caseId }: { caseId: string }) {
  const { t } = useCountyCasesText();
  const session = useSession();
  const id = useId();
  const { data, error, reload } = useCountyRequest<CountyCaseFileResponse>(session.online() ? `/api/county/cases/${encodeURIComponent(caseId)}` : null);

  if (!session.online()) return <p className="warning">{t('needOnline')}</p>;
  if (error)
    return (
      <p className="error" role="alert">
        {t('failed', { reason: error })} <a href={paths.countyCases}>{t('file.back')}</a>
      </p>
    );
  if (!data) return <p>{t('loading')}</p>;
  const { row } = data;
  const name = row.applicantName ?? t('unnamed');
  const d = deadlineText(t, row.deadline);
  const notices = data.steps.filter((s) => s.kind === 'notice' && !s.stale);

  return (
    <article className="county-case" aria-labelledby={`${id}-title`}>
      <p className="no-print">
        <a href={paths.countyCases}>{t('file.back')}</a>{' '}
        <button type="button" onClick={() => window.print()}>
          {t('file.print')}
        </button>
      </p>
      {/* Printed, the page is the case's 审批表 (internal: masked ID numbers, the whole history, signature lines). */}
      <p className="print-only form-title">{t('file.formTitle')}</p>
      <h2 id={`${id}-title`}>{t('file.title', { name })}</h2>
      <p>
        {t('file.summary', { township: row.townshipName ?? row.township, programme: t(`programmeName.${row.programme}`), accepted: row.acceptedOn })} ·{' '}
        {t(`stage.${row.stage}`)} · <span className={d.overdue ? 'late' : undefined}>{d.text}</span>
      </p>
      {row.closeRelative && <p className="warning">{t('file.closeRelative')}</p>}
      {data.flag?.status === 'open' && (
        <p className="warning" role="note">
          {t('file.flagOpen')}
        </p>
      )}

      <section aria-labelledby={`${id}-survey`}>
        <h3 id={`${id}-survey`}>{t('file.survey')}</h3>
        {!data.survey ? (
          <p className="empty">{t('file.noSurvey')}</p>
        ) : (
          <>
            {data.survey.visitDate && <p>{t('file.visit', { date: data.survey.visitDate, investigators: data.survey.investigators.join('、') })}</p>}
            <table className="records" aria-label={t('file.membersLabel')}>
              <thead>
                <tr>
                  <th scope="col">{t('file.memberCol.name')}</th>
                  <th scope="col">{t('file.memberCol.relation')}</th>
                  <th scope="col">{t('file.memberCol.id')}</th>
                  <th scope="col">{t('file.memberCol.counted')}</th>
                  <th scope="col">{t('file.memberCol.labour')}</th>
                </tr>
              </thead>
              <tbody>
                {data.survey.members.map((m, i) => (
                  <tr key={i}>
                    <th scope="row">{m.name}</th>
                    <td>{m.relation ?? ''}</td>
                    <td>{m.idNumberMasked ?? ''}</td>
                    <td>{m.counted ? t('file.yes') : t('file.no')}</td>
                    <td>{m.labourCapacity ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.survey.livingConditions && <p>{t('file.living', { text: data.survey.livingConditions })}</p>}
          </>
        )}
      </section>

      <AssessmentTable tablet={data.assessment.tablet} server={data.assessment.server} mismatched={data.assessment.mismatched} />

      <section aria-labelledby={`${id}-notice`}>
        <h3 id={`${id}-notice`}>{t('file.notices')}</h3>
        {notices.length === 0 ? (
          <p className="empty">{t('file.noNotice')}</p>
        ) : (
          <ul>
            {notices.map((s) => {
              const p = s.payload as { start: string; end: string; objections: { who: string; when: string; what: string }[] };
              return (
                <li key={s.id}>
                  {t('file.noticeDates', { start: p.start, end: p.end })}：
                  {p.objections.length === 0 ? t('file.noObjection') : p.objections.map((o, i) => <span key={i} className="objection">{t('file.objection', o)}</span>)}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby={`${id}-history`}>
        <h3 id={`${id}-history`}>{t('file.history')}</h3>
        <table className="records" aria-label={t('file.historyLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('file.historyCol.when')}</th>
              <th scope="col">{t('file.historyCol.kind')}</th>
              <th scope="col">{t('file.historyCol.who')}</th>
              <th scope="col">{t('file.historyCol.what')}</th>
            </tr>
          </thead>
          <tbody>
            {data.steps.map((s) => (
              <tr key={s.id} className={s.stale ? 'stale' : undefined}>
                <td>
                  <time dateTime={s.when}>{formatDateTime(s.when)}</time>
                </td>
                <th scope="row">
                  {t(`step.${s.kind}`)}
                  {s.stale && <span className="badge">{t('file.stale', { rule: s.stale.rule })}</span>}
                </th>
                <td>{s.who.name}</td>
                <td>{stepText(s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <DecisionForm file={data} onDone={reload} />
      <p className="print-only signature">{t('print.signature')}</p>
    </article>
  );
}

/** A step's payload in a line: amounts, outcomes, reasons and comments as recorded. */
function stepText(s: StepView): string {
  const p = s.payload;
  const parts = ['proposal', 'outcome', 'result', 'visitKind', 'amount', 'firstMonth', 'reviewEvery', 'months', 'start', 'end', 'reason', 'missing', 'comment', 'note']
    .filter((k) => p[k] !== undefined)
    .map((k) => String(p[k]));
  if (s.note) parts.push(s.note);
  return parts.join(' · ');
}

function AssessmentTable({ tablet, server, mismatched }: { tablet: AssessmentView | null; server: AssessmentView | null; mismatched: string[] }) {
  const { t } = useCountyCasesText();
  const id = useId();
  const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'boolean' ? (v ? t('file.yes') : t('file.no')) : Array.isArray(v) ? v.join('、') : String(v));
  return (
    <section aria-labelledby={`${id}-a`}>
      <h3 id={`${id}-a`}>{t('file.assessment')}</h3>
      {!tablet && !server ? (
        <p className="empty">{t('file.noAssessment')}</p>
      ) : (
        <>
          <p role="status" className={mismatched.length ? 'warning' : undefined}>
            {mismatched.length ? t('file.mismatchCount', { count: mismatched.length }) : t('file.noMismatch')}
          </p>
          <table className="records assessment" aria-label={t('file.assessmentLabel')}>
            <thead>
              <tr>
                <th scope="col">{t('file.field')}</th>
                <th scope="col">{t('file.tablet')}</th>
                <th scope="col">{t('file.server')}</th>
              </tr>
            </thead>
            <tbody>
              {ASSESSMENT_FIELDS.map((k) => {
                const differs = mismatched.includes(k);
                return (
                  <tr key={k} className={differs ? 'mismatch' : undefined}>
                    <th scope="row">
                      {t(`file.aField.${k}`)}
                      {differs && <span className="badge">{t('file.mismatch')}</span>}
                    </th>
                    <td>{show(tablet?.[k])}</td>
                    <td>{show(server?.[k])}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
