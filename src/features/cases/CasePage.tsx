import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { paths } from '../../app/useHashRoute';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-context';
import { useSessionQuery } from '../../app/useSessionQuery';
import type { CaseDetail } from '../../db/contracts';
import { chinaDate } from '../../shared/rules/case/calendar-dates';
import type { CaseStep, CaseStepKind } from '../../shared/schema/case-step';
import { DeadlineText } from './DeadlineText';
import { StepHistory } from './StepHistory';
import { EmergencyForm, NoticeForm, OpinionForm, ReinvestigationForm } from './StepForms';
import { stepErrorText } from './step-error';
import { Field } from './Field';
import { useCasesText } from './useCasesText';
import './cases.css';

/** The worker's steps a correction can replace here (a survey is corrected by a new survey). */
const CORRECTABLE: readonly CaseStepKind[] = ['township-opinion', 'notice', 'emergency-grant'];

/**
 * One case (issue 15): where it stands, the county's return with its comment at the top, the next steps
 * the shared rule allows a worker (only those are offered; the tablet still checks each, K23, and says
 * why in words when it refuses), and the whole history. Offline: every step is saved on the tablet.
 */
export function CasePage({ id, onSurvey }: { id: string; onSurvey: (surveyId: string) => void }) {
  const session = useSession();
  const { t } = useCasesText();
  // Wrapped: null is "loading" to useSessionQuery, and a case not on this tablet is an answer of its own.
  const q = useSessionQuery(session, async () => ({ detail: await session.cases.get(id) }), [id]);
  if (q === null) return <p role="status">{t('loading')}</p>;
  if (q.detail === null) return <p className="empty">{t('work.notFound')} <a href={paths.cases}>{t('work.back')}</a></p>;
  return <CaseView detail={q.detail} onSurvey={onSurvey} />;
}

function CaseView({ detail, onSurvey }: { detail: CaseDetail; onSurvey: (surveyId: string) => void }) {
  const session = useSession();
  const { now } = useServices();
  const { t } = useCasesText();
  const { t: tApp } = useTranslation();
  const [open, setOpen] = useState<CaseStepKind | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string; surveyId?: string } | null>(null);
  const { item } = detail;
  const s = item.summary;
  const name = item.householdName ?? t('unknownHousehold');
  const today = chinaDate(now());

  async function run(action: () => Promise<{ surveyId?: string; text: string }>) {
    setBusy(true);
    setMessage(null);
    try {
      const done = await action();
      setOpen(null);
      setMessage({ error: false, text: done.text, ...(done.surveyId ? { surveyId: done.surveyId } : {}) });
    } catch (e) {
      setMessage({ error: true, text: stepErrorText(tApp, t, e) });
    } finally {
      setBusy(false);
    }
  }
  const record = (kind: CaseStepKind, payload: unknown) =>
    void run(async () => {
      await session.cases.recordStep(item.id, kind, payload);
      return { text: t('work.saved') };
    });
  const survey = (reason?: string) =>
    void run(async () => {
      const r = await session.cases.startSurvey(item.id, reason === undefined ? undefined : { reason });
      const text = r.filledFrom === 'tablet' ? t('work.surveyFilledTablet') : r.filledFrom === 'server' ? t('work.surveyFilledServer') : t('work.surveyEmpty');
      return { text, surveyId: r.surveyId };
    });

  const next = detail.workerNext;
  const toggle = (k: CaseStepKind) => setOpen((o) => (o === k ? null : k));
  return (
    <section className="cases-page" aria-labelledby="case-title">
      <p>
        <a href={paths.cases}>{t('work.back')}</a>
      </p>
      <h1 id="case-title">{t('work.caseTitle', { name })}</h1>
      <p>
        {t(`programme.${item.programme}`)} · {t('col.accepted')} {item.acceptedOn} · {t('col.step')}：{s.lastStep ? t(`step.${s.lastStep.kind}`) : t('accepted')} · <DeadlineText deadline={s.deadline} />
      </p>
      {s.openReturn && (
        <div className="case-return" role="note" aria-label={t('step.county-decision')}>
          <strong>{t('returned', { missing: s.openReturn.missing })}</strong>
          {s.openReturn.comment && <div>{t('returnComment', { comment: s.openReturn.comment })}</div>}
        </div>
      )}
      {detail.closeRelative && <p className="hint">{t('work.closeRelativeNote')}</p>}
      {!detail.heldByMe && <p className="hint">{t('work.heldByOther')}</p>}
      {s.staleStepIds.length > 0 && <p className="case-stale">{t('stale', { count: s.staleStepIds.length })}</p>}

      <h2>{t('work.next')}</h2>
      {message && (
        <div role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>
          {message.text}
          {message.surveyId && (
            <>
              {' '}
              <button type="button" onClick={() => onSurvey(message.surveyId!)}>
                {t('work.openSurvey')}
              </button>
            </>
          )}
        </div>
      )}
      {next.length === 0 ? (
        <p className="empty">{t('work.nothingNext')}</p>
      ) : (
        <div className="actions case-actions">
          {next.includes('survey') && (
            <button type="button" disabled={busy} onClick={() => survey()}>
              {s.phase === 'in-payment' ? t('work.startReview') : t('work.startSurvey')}
            </button>
          )}
          {(['township-opinion', 'notice', 're-investigation', 'emergency-grant', 'correction'] as const)
            .filter((k) => next.includes(k))
            .map((k) => (
              <button key={k} type="button" aria-expanded={open === k} onClick={() => toggle(k)}>
                {t(`step.${k}`)}
              </button>
            ))}
        </div>
      )}
      {open === 'township-opinion' && <OpinionForm proposedAmount={detail.proposedAmount} busy={busy} onSubmit={(p) => record('township-opinion', p)} />}
      {open === 'notice' && <NoticeForm noticeDays={detail.noticeDays} today={today} busy={busy} onSubmit={(p) => record('notice', p)} />}
      {open === 'emergency-grant' && <EmergencyForm busy={busy} onSubmit={(p) => record('emergency-grant', p)} />}
      {open === 're-investigation' && <ReinvestigationForm busy={busy} onSubmit={(reason) => survey(reason)} />}
      {open === 'correction' && <CorrectionForm detail={detail} today={today} busy={busy} onSubmit={(p) => record('correction', p)} />}

      <h2>{t('work.history')}</h2>
      <StepHistory detail={detail} />
    </section>
  );
}

/** 更正 (CL11): a new step citing one of the path, with the replacement in that step's own form. */
function CorrectionForm({ detail, today, busy, onSubmit }: { detail: CaseDetail; today: string; busy: boolean; onSubmit: (payload: unknown) => void }) {
  const { t } = useCasesText();
  const path = new Set(detail.pathIds);
  // The effective payload of each step: its latest correction's replacement, if any.
  const effective = new Map<string, CaseStep>();
  for (const s of detail.steps) {
    if (path.has(s.id) && CORRECTABLE.includes(s.kind) && s.who.role === 'worker') effective.set(s.id, s);
    if (s.kind === 'correction' && effective.has(s.payload.corrects)) {
      const old = effective.get(s.payload.corrects)!;
      effective.set(old.id, { ...old, payload: s.payload.replacement } as CaseStep);
    }
  }
  const choices = [...effective.values()];
  const [cited, setCited] = useState(choices.at(-1)?.id ?? '');
  const [reason, setReason] = useState('');
  const step = effective.get(cited);
  const submit = (replacement: unknown) => onSubmit({ corrects: cited, reason, replacement });
  const label = t('work.correction');
  return (
    <div className="case-correction">
      <Field label={t('work.corrects')}>
        {(id) => (
          <select id={id} value={cited} onChange={(e) => setCited(e.target.value)}>
            {choices.map((s) => (
              <option key={s.id} value={s.id}>
                {t(`step.${s.kind}`)} · {s.when.slice(0, 16).replace('T', ' ')}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('work.correctionReason')}>
        {(id) => (
          <textarea id={id} value={reason} onChange={(e) => setReason(e.target.value)} required />
        )}
      </Field>
      {step?.kind === 'township-opinion' && <OpinionForm key={step.id} label={label} initial={step.payload} proposedAmount={detail.proposedAmount} busy={busy} onSubmit={submit} />}
      {step?.kind === 'notice' && <NoticeForm key={step.id} label={label} initial={step.payload} noticeDays={detail.noticeDays} today={today} busy={busy} onSubmit={submit} />}
      {step?.kind === 'emergency-grant' && <EmergencyForm key={step.id} label={label} initial={step.payload} busy={busy} onSubmit={submit} />}
    </div>
  );
}
