import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../app/Field';
import { useSession } from '../../app/session-context';
import type { ReliefListItem } from '../../db/contracts';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { useReliefText } from '../../i18n/relief.texts';
import type { CorrectionAction, CorrectedValues } from '../../shared/schema/relief-correction';
import { correctionReason } from './correction-text';

/**
 * 作废 / 更正 of one hand-out (SPEC R1–R3), with a required reason. A worker's is saved on the tablet and
 * queued (works offline); a supervisor's goes to the server at once from the county's page (R2), and the
 * page then syncs so the hand-out shows its new state. A correction changes quantity, unit and amount;
 * the item and payment stay as recorded.
 */
export function HandoutCorrectionForm({ item, action, onDone }: { item: ReliefListItem; action: CorrectionAction; onDone: (message: string) => void }) {
  const { t } = useReliefText();
  const { t: tApp } = useTranslation();
  const session = useSession();
  const id = useId();
  const values = item.ledger.corrected ?? item;
  const [reason, setReason] = useState('');
  const [quantity, setQuantity] = useState(String(values.quantity));
  const [unit, setUnit] = useState(values.unit);
  const [cashValue, setCashValue] = useState(String(values.cashValue));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const cash = item.category === 'cash';

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!reason.trim()) found.reason = t('correction.reasonRequired');
    const q = Number(cash ? cashValue : quantity);
    const v = Number(cashValue);
    if (action === 'correct') {
      if (!cash && !(q > 0)) found.quantity = t('validation.quantity.min');
      if (!(v >= 0) || (cash && !(v > 0))) found.cashValue = t('validation.cashValue.min');
    }
    setErrors(found);
    if (Object.keys(found).length) return;
    const corrected: CorrectedValues | undefined =
      action === 'correct'
        ? { item: cash ? { category: 'cash', kind: item.itemKind as CorrectedValues['item']['kind'] } as CorrectedValues['item'] : { category: 'goods', kind: item.itemKind } as CorrectedValues['item'], quantity: q, unit: cash ? values.unit : unit.trim(), cashValue: v, payment: item.payment }
        : undefined;
    setSaving(true);
    setFailure(null);
    try {
      const change = { action, reason: reason.trim(), ...(corrected ? { corrected } : {}) };
      if (session.user.role === 'worker') {
        await session.relief!.correct(item.id, change);
        onDone(t('correction.saved'));
      } else {
        await session.county!.correctHandout(item.id, change);
        await session.sync.syncNow().catch(() => undefined);
        onDone(t('correction.savedOnline'));
      }
    } catch (err) {
      const { code, details } = errorCodeOf(err);
      const issues = (details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
      setFailure(t('correction.failed', { reason: issues?.length ? correctionReason(t, issues[0]!.message) : errorMessage(tApp, code, details) }));
    } finally {
      setSaving(false);
    }
  };

  const fid = (n: string) => `${id}-${n}`;
  return (
    <form className="handout-correction" onSubmit={submit} noValidate aria-labelledby={fid('title')}>
      <h4 id={fid('title')}>{t(action === 'void' ? 'correction.voidTitle' : 'correction.correctTitle')}</h4>
      <p className="field-hint">{t('correction.explain')}</p>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      {action === 'correct' && (
        <div className="field-row three">
          {!cash && (
            <Field id={fid('quantity')} label={t('form.quantity')} error={errors.quantity}>
              <input id={fid('quantity')} inputMode="decimal" value={quantity} onChange={(e) => setQuantity(e.target.value)} aria-invalid={errors.quantity ? true : undefined} aria-describedby={errors.quantity ? `${fid('quantity')}-error` : undefined} />
            </Field>
          )}
          {!cash && (
            <Field id={fid('unit')} label={t('form.unit')}>
              <input id={fid('unit')} value={unit} maxLength={10} onChange={(e) => setUnit(e.target.value)} />
            </Field>
          )}
          <Field id={fid('cashValue')} label={t(cash ? 'form.amount' : 'form.cashValue')} error={errors.cashValue}>
            <input id={fid('cashValue')} inputMode="decimal" value={cashValue} onChange={(e) => setCashValue(e.target.value)} aria-invalid={errors.cashValue ? true : undefined} aria-describedby={errors.cashValue ? `${fid('cashValue')}-error` : undefined} />
          </Field>
        </div>
      )}
      <Field id={fid('reason')} label={t('correction.reason')} error={errors.reason}>
        <textarea id={fid('reason')} value={reason} maxLength={500} rows={2} onChange={(e) => setReason(e.target.value)} aria-required="true" aria-invalid={errors.reason ? true : undefined} aria-describedby={errors.reason ? `${fid('reason')}-error` : undefined} />
      </Field>
      <div className="actions">
        <button type="submit" className={action === 'void' ? 'danger' : 'primary'} disabled={saving}>
          {t(action === 'void' ? 'correction.submitVoid' : 'correction.submitCorrect')}
        </button>
        <button type="button" onClick={() => onDone('')} disabled={saving}>
          {t('correction.cancel')}
        </button>
      </div>
    </form>
  );
}
