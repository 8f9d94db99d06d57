import { useState, type FormEvent, type ReactNode } from 'react';
import { addDays } from '../../shared/rules/case/calendar-dates';
import type { StepPayloads } from '../../shared/schema/case-step';
import { Field } from './Field';
import { useCasesText } from './useCasesText';

type Submit<P> = (payload: P) => void;

function Form({ label, children, onSubmit, busy, submitText }: { label: string; children: ReactNode; onSubmit: () => void; busy: boolean; submitText?: string }) {
  const { t } = useCasesText();
  return (
    <form
      className="case-form"
      aria-label={label}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {submitText ?? t('work.recordStep')}
        </button>
      </div>
    </form>
  );
}

/** 乡镇审核意见: grant (amount, the pre-assessment's by default) or refuse (reason). */
export function OpinionForm({ initial, proposedAmount, onSubmit, busy, label }: { initial?: StepPayloads['township-opinion']; proposedAmount: number | null; onSubmit: Submit<StepPayloads['township-opinion']>; busy: boolean; label?: string }) {
  const { t } = useCasesText();
  const [proposal, setProposal] = useState<'grant' | 'refuse'>(initial?.proposal ?? 'grant');
  const [amount, setAmount] = useState(String(initial?.proposal === 'grant' ? initial.amount : (proposedAmount ?? '')));
  const [reason, setReason] = useState(initial?.proposal === 'refuse' ? initial.reason : '');
  return (
    <Form label={label ?? t('work.opinion')} busy={busy} onSubmit={() => onSubmit(proposal === 'grant' ? { proposal, amount: Number(amount) } : { proposal, reason })}>
      <fieldset>
        <legend>{t('work.proposal')}</legend>
        <label className="check">
          <input type="radio" name="proposal" checked={proposal === 'grant'} onChange={() => setProposal('grant')} />
          {t('work.proposeGrant')}
        </label>
        <label className="check">
          <input type="radio" name="proposal" checked={proposal === 'refuse'} onChange={() => setProposal('refuse')} />
          {t('work.proposeRefuse')}
        </label>
      </fieldset>
      {proposal === 'grant' ? (
        <Field label={t('work.amount')} hint={proposedAmount !== null ? t('work.amountHint', { amount: proposedAmount }) : undefined}>
          {(id) => (
            <input id={id} type="number" min="0" step="0.01" value={amount} onChange={(e) => setAmount(e.target.value)} required />
          )}
        </Field>
      ) : (
        <Field label={t('work.reason')}>
          {(id) => (
            <textarea id={id} value={reason} onChange={(e) => setReason(e.target.value)} required />
          )}
        </Field>
      )}
    </Form>
  );
}

type Objection = StepPayloads['notice']['objections'][number];

/** 公示: start and end (the policy's days by default, both ends counted) and the objections heard. */
export function NoticeForm({ initial, noticeDays, today, onSubmit, busy, label }: { initial?: StepPayloads['notice']; noticeDays: number; today: string; onSubmit: Submit<StepPayloads['notice']>; busy: boolean; label?: string }) {
  const { t } = useCasesText();
  const [start, setStart] = useState(initial?.start ?? today);
  const [end, setEnd] = useState(initial?.end ?? addDays(today, noticeDays - 1));
  const [objections, setObjections] = useState<Objection[]>(initial?.objections ?? []);
  const set = (i: number, patch: Partial<Objection>) => setObjections((os) => os.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  return (
    <Form label={label ?? t('work.notice')} busy={busy} onSubmit={() => onSubmit({ start, end, objections })}>
      <Field label={t('work.noticeStart')}>
        {(id) => (
          <input id={id}
            type="date"
            value={start}
            onChange={(e) => {
              setStart(e.target.value);
              // The end follows the start by the policy's days until the worker sets it.
              if (/^\d{4}-\d{2}-\d{2}$/.test(e.target.value)) setEnd(addDays(e.target.value, noticeDays - 1));
            }}
            required
          />
        )}
      </Field>
      <Field label={t('work.noticeEnd')}>
        {(id) => (
          <input id={id} type="date" value={end} onChange={(e) => setEnd(e.target.value)} required />
        )}
      </Field>
      <p className="hint">{t('work.noticeHint', { days: noticeDays })}</p>
      <fieldset>
        <legend>{t('work.objections')}</legend>
        {objections.map((o, i) => (
          <fieldset key={i} aria-label={t('work.objectionN', { n: i + 1 })}>
            <legend>{t('work.objectionN', { n: i + 1 })}</legend>
            <Field label={t('work.objectionWho')}>
              {(id) => (
                <input id={id} value={o.who} onChange={(e) => set(i, { who: e.target.value })} required />
              )}
            </Field>
            <Field label={t('work.objectionWhen')}>
              {(id) => (
                <input id={id} type="date" value={o.when} onChange={(e) => set(i, { when: e.target.value })} required />
              )}
            </Field>
            <Field label={t('work.objectionWhat')}>
              {(id) => (
                <textarea id={id} value={o.what} onChange={(e) => set(i, { what: e.target.value })} required />
              )}
            </Field>
            <button type="button" onClick={() => setObjections((os) => os.filter((_, j) => j !== i))}>
              {t('work.removeObjection')}
            </button>
          </fieldset>
        ))}
        <button type="button" onClick={() => setObjections((os) => [...os, { who: '', when: start, what: '' }])}>
          {t('work.addObjection')}
        </button>
      </fieldset>
    </Form>
  );
}

/** 先行救助 (CL6): an emergency temporary-assistance case granted before the county decides. */
export function EmergencyForm({ initial, onSubmit, busy, label }: { initial?: StepPayloads['emergency-grant']; onSubmit: Submit<StepPayloads['emergency-grant']>; busy: boolean; label?: string }) {
  const { t } = useCasesText();
  const [amount, setAmount] = useState(initial ? String(initial.amount) : '');
  const [reason, setReason] = useState(initial?.reason ?? '');
  return (
    <Form label={label ?? t('work.emergency')} busy={busy} onSubmit={() => onSubmit({ amount: Number(amount), reason })}>
      <Field label={t('work.emergencyAmount')}>
        {(id) => (
          <input id={id} type="number" min="0" step="0.01" value={amount} onChange={(e) => setAmount(e.target.value)} required />
        )}
      </Field>
      <Field label={t('work.reason')}>
        {(id) => (
          <textarea id={id} value={reason} onChange={(e) => setReason(e.target.value)} required />
        )}
      </Field>
    </Form>
  );
}

/** 重新调查 (CL7): the reason; the re-investigation's survey starts from the case's last survey. */
export function ReinvestigationForm({ onSubmit, busy }: { onSubmit: (reason: string) => void; busy: boolean }) {
  const { t } = useCasesText();
  const [reason, setReason] = useState('');
  return (
    <Form label={t('work.reinvestigate')} busy={busy} submitText={t('work.startReinvestigation')} onSubmit={() => onSubmit(reason)}>
      <Field label={t('work.reinvestigateReason')}>
        {(id) => (
          <textarea id={id} value={reason} onChange={(e) => setReason(e.target.value)} required />
        )}
      </Field>
    </Form>
  );
}
