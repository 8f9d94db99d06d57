import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-context';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { useCountyCasesText } from '../../i18n/county-cases.texts';
import type { CountyCaseFileResponse, CountyDecisionBody } from '../../shared/protocol/county-cases';

type Outcome = 'grant' | 'refuse' | 'return';

/**
 * [K12] Grant (amount, paid from the month after today, review interval), refuse (reason) or return to
 * the township (what is missing, a comment) — one form, one request. The step id is made once per
 * decision, so a retry after a lost reply is the same decision, never a second one.
 */
export function DecisionForm({ file, onDone }: { file: CountyCaseFileResponse; onDone: () => Promise<void> }) {
  const { t } = useCountyCasesText();
  const { t: tApp } = useTranslation();
  const session = useSession();
  const { newId } = useServices();
  const id = useId();
  const allowed = (['grant', 'refuse', 'return'] as const).filter((o) => file.mayDecide[o]);
  const [outcome, setOutcome] = useState<Outcome>(allowed[0] ?? 'return');
  const [amount, setAmount] = useState(file.row.proposal?.proposal === 'grant' ? String(file.row.proposal.amount) : '');
  const [reviewEvery, setReviewEvery] = useState<'stable' | 'unstable'>('stable');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState('');
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stepId = useRef<string | null>(null);

  if (session.user.role === 'admin') return <p className="hint decision">{t('decide.adminNever')}</p>;
  if (allowed.length === 0) {
    const why = file.row.phase === 'in-payment' ? 'in-payment' : file.row.phase === 'closed' ? 'closed' : 'other';
    return (
      <section className="decision" aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{t('decide.title')}</h3>
        {done && <p role="status">{done}</p>}
        <p className="hint">{t('decide.notNow', { why: t(`decide.why.${why}`) })}</p>
      </section>
    );
  }

  const submit = async () => {
    setProblem(null);
    let body: CountyDecisionBody;
    stepId.current ??= newId();
    if (outcome === 'grant') {
      const n = Number(amount);
      if (!amount.trim() || !Number.isFinite(n) || n <= 0) return setProblem(t('decide.amountInvalid'));
      body = { stepId: stepId.current, outcome, amount: n, reviewEvery };
    } else if (outcome === 'refuse') {
      if (!reason.trim()) return setProblem(t('decide.required'));
      body = { stepId: stepId.current, outcome, reason: reason.trim() };
    } else {
      if (!missing.trim()) return setProblem(t('decide.required'));
      body = { stepId: stepId.current, outcome, missing: missing.trim(), ...(comment.trim() ? { comment: comment.trim() } : {}) };
    }
    setBusy(true);
    try {
      await session.request('POST', `/api/county/cases/${encodeURIComponent(file.row.caseId)}/decision`, body);
      stepId.current = null;
      setDone(t(`decide.done.${outcome}`));
      await onDone();
    } catch (e) {
      const { code, details } = errorCodeOf(e);
      setProblem(errorMessage(tApp, code, details));
    } finally {
      setBusy(false);
    }
  };

  const change = (o: Outcome) => {
    setOutcome(o);
    stepId.current = null; // another decision: another step
  };

  return (
    <section className="decision" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('decide.title')}</h3>
      {done && <p role="status">{done}</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset>
          <legend>{t('decide.outcome')}</legend>
          {allowed.map((o) => (
            <label key={o} className="choice">
              <input type="radio" name={`${id}-outcome`} value={o} checked={outcome === o} onChange={() => change(o)} />
              {t(`decide.${o}`)}
            </label>
          ))}
        </fieldset>
        {outcome === 'grant' && (
          <>
            <label>
              {t('decide.amount')}
              <input type="number" min={0.01} step={0.01} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
            </label>
            <p className="hint">{t('decide.firstMonth', { month: file.firstMonthIfGranted })}</p>
            <fieldset>
              <legend>{t('decide.reviewEvery')}</legend>
              {(['stable', 'unstable'] as const).map((r) => (
                <label key={r} className="choice">
                  <input type="radio" name={`${id}-review`} value={r} checked={reviewEvery === r} onChange={() => setReviewEvery(r)} />
                  {t(`decide.${r}`)}
                </label>
              ))}
            </fieldset>
          </>
        )}
        {outcome === 'refuse' && (
          <label>
            {t('decide.reason')}
            <textarea value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </label>
        )}
        {outcome === 'return' && (
          <>
            <label>
              {t('decide.missing')}
              <textarea value={missing} maxLength={500} onChange={(e) => setMissing(e.target.value)} />
            </label>
            <label>
              {t('decide.comment')}
              <textarea value={comment} maxLength={1000} onChange={(e) => setComment(e.target.value)} />
            </label>
          </>
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('decide.saving') : t('decide.submit')}
        </button>
      </form>
    </section>
  );
}
