import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isoToLocalInput, localInputToIso } from '../../shared/rules/china-time';
import { Field } from '../../app/Field';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-context';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { useReliefText } from '../../i18n/relief.texts';
import { validationMessage } from '../../i18n/validation-message';
import type { EntitlementCheck } from '../../shared/rules/relocation/check-entitlement';
import type { DisplacedHousehold } from '../../shared/schema/displaced-household';
import type { Entitlement } from '../../shared/schema/entitlement';
import { CASH_KINDS, GOODS_KINDS, isCashKind, reliefDistributionSchema, type ReliefDistribution, type ReliefItemKind } from '../../shared/schema/relief';
import { compressThumbprint, type CompressThumbprint } from './compress-thumbprint';
import { EntitlementNotice } from './EntitlementNotice';
import { defaultRound, PENDING_SHA256, toHandoutInput, withItem, withQuantity, type HandoutDraft } from './handout-form';
import { RecipientConfirmation, type Thumbprint } from './RecipientConfirmation';
import type { SignatureHandle } from './SignatureCapture';

const lastRoundKey = (eventId: string) => `tidemark.relief.lastRound.${eventId}`;
const readLastRound = (eventId: string) => {
  try {
    return localStorage.getItem(lastRoundKey(eventId));
  } catch {
    return null;
  }
};

/**
 * One hand-out to one household (救灾款物发放台账): item, quantity and value, payment, issuing officer,
 * round, and the recipient's confirmation. The entitlement check runs as the worker types (this
 * tablet's ledger); the data layer checks again on save, so no screen can skip it.
 */
export function HandoutForm({
  household,
  entitlements,
  onSaved,
  compress = compressThumbprint,
}: {
  household: DisplacedHousehold;
  entitlements: Entitlement[];
  onSaved: () => void;
  compress?: CompressThumbprint;
}) {
  const { t } = useReliefText();
  const { t: tApp } = useTranslation();
  const session = useSession();
  const { now, newId, client } = useServices();
  const id = useId();
  const fresh = (): HandoutDraft => ({
    round: defaultRound(entitlements, household.eventId, readLastRound(household.eventId)),
    itemKind: '',
    description: '',
    quantity: '',
    unit: '',
    cashValue: '',
    unitPrice: null,
    payment: 'card',
    issuingOfficer: session.user.displayName,
    batch: '',
    at: new Date(Math.floor(now().getTime() / 60_000) * 60_000).toISOString(),
    notes: '',
    confirmation: 'signature',
    proxy: false,
    proxyName: '',
    proxyRelation: '',
  });
  const [draft, setDraft] = useState<HandoutDraft>(fresh);
  const [handoutId, setHandoutId] = useState(newId);
  const [deviceId, setDeviceId] = useState<string | undefined>();
  const [check, setCheck] = useState<EntitlementCheck | null>(null);
  const [confirmRepeat, setConfirmRepeat] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [signed, setSigned] = useState(false);
  const [thumbprint, setThumbprint] = useState<Thumbprint | null>(null);
  const [signatureKey, setSignatureKey] = useState(0);
  const signature = useRef<SignatureHandle>(null);
  const set = (patch: Partial<HandoutDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const ids = { id: handoutId, eventId: household.eventId, householdId: household.id, deviceId };

  useEffect(() => {
    let live = true;
    client.deviceId().then((d) => live && setDeviceId(d), () => undefined);
    return () => {
      live = false;
    };
  }, [client]);

  // The check follows the draft: item, round and amounts (a candidate with a placeholder confirmation).
  const relief = session.relief;
  const candidate = draft.itemKind ? (toHandoutInput(draft, ids, PENDING_SHA256) as ReliefDistribution) : null;
  const checkKey = candidate ? JSON.stringify([candidate.item.kind, candidate.round, candidate.quantity, candidate.unit, candidate.cashValue]) : '';
  useEffect(() => {
    if (!candidate) return setCheck(null);
    let live = true;
    const c = { ...candidate, quantity: Number.isFinite(candidate.quantity) ? candidate.quantity : 0, cashValue: Number.isFinite(candidate.cashValue) ? candidate.cashValue : 0 };
    relief.check(c).then((r) => live && setCheck(r), () => live && setCheck(null));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-check when what the check reads changes
  }, [relief, checkKey, household.id]);
  useEffect(() => setConfirmRepeat(false), [draft.itemKind, draft.round]);

  const chooseItem = async (kind: ReliefItemKind | '') => {
    if (!kind) return setDraft((d) => withItem(d, kind, null, { quantity: 0, value: 0 }));
    // What applies and what was already received, before any quantity is typed.
    const probe = toHandoutInput({ ...draft, itemKind: kind, quantity: '0', cashValue: '0', unit: '' }, ids, PENDING_SHA256) as ReliefDistribution;
    const r = await relief.check(probe).catch(() => null);
    setDraft((d) => withItem(d, kind, r?.entitlement ?? null, { quantity: r?.figures.previousQuantity ?? 0, value: r?.figures.previousValue ?? 0 }));
  };

  const message = (code: string) => {
    const own = t(`validation.${code}`, { defaultValue: '' });
    return own || validationMessage(tApp, code);
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setFailure(null);
    // 1. The fields, with the schema every layer uses (the confirmation is checked next).
    const input = toHandoutInput(draft, ids, PENDING_SHA256);
    const parsed = reliefDistributionSchema.safeParse(input);
    const found: Record<string, string> = {};
    if (!parsed.success) for (const i of parsed.error.issues) found[i.path.join('.')] ??= message(i.message);
    if (!draft.itemKind) found['item.kind'] = tApp('validation.required');
    if (!draft.round.trim()) found.round = t('validation.round.required');
    const bytes = draft.confirmation === 'signature' ? signature.current?.png() : thumbprint?.bytes;
    if (!bytes) found['recipient.attachmentSha256'] = t('recipient.missing');
    setErrors(found);
    if (Object.keys(found).length > 0 || !parsed.success || !bytes) return setFailure(t('form.fixErrors'));
    // 2. The tablet's own verdict: refused, or a repeat still to confirm.
    const verdict = await relief.check(parsed.data);
    setCheck(verdict);
    if (verdict.result === 'refuse' || (verdict.result === 'warn' && !confirmRepeat)) return setFailure(t(verdict.result === 'refuse' ? 'validation.entitlement.exceeded' : 'validation.entitlement.repeatUnconfirmed'));
    setSaving(true);
    try {
      // 3. The confirmation first (content-addressed, uploaded after the record: SPEC T1), then the hand-out naming it.
      const contentType = draft.confirmation === 'signature' ? 'image/png' : (thumbprint?.contentType ?? 'image/jpeg');
      const { sha256 } = await session.attachments.add(handoutId, bytes, contentType);
      // Issue 18: the id is new (a fresh one after each saved hand-out, below), so the save skips its read
      // before the write. Should a failed save have written after all, the retry's wrong word is caught by
      // the write's rev check (SPEC O5) and it is saved as an edit, as without the word.
      await relief.save(toHandoutInput(draft, ids, sha256), { confirmRepeat, newRecord: true });
      try {
        localStorage.setItem(lastRoundKey(household.eventId), draft.round.trim());
      } catch {
        // storage blocked: the round default is a convenience only
      }
      // Ready for the next hand-out to the same household: a new id, the round and officer kept.
      setDraft((d) => ({ ...fresh(), round: d.round, issuingOfficer: d.issuingOfficer }));
      setHandoutId(newId());
      setThumbprint(null);
      setSigned(false);
      setSignatureKey((k) => k + 1);
      setErrors({});
      onSaved();
    } catch (err) {
      const { code, details } = errorCodeOf(err);
      const issues = (details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
      if (code === 'VALIDATION_FAILED' && issues?.length) {
        setErrors(Object.fromEntries(issues.map((i) => [i.path, message(i.message)])));
        setFailure(message(issues[0]!.message));
      } else setFailure(errorMessage(tApp, code, details));
    } finally {
      setSaving(false);
    }
  };

  const cash = draft.itemKind !== '' && isCashKind(draft.itemKind);
  const blocked = check?.result === 'refuse' || (check?.result === 'warn' && !confirmRepeat);
  const fid = (name: string) => `${id}-${name.replace(/\./g, '-')}`;
  const input = (name: keyof HandoutDraft, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, errorKey: string = name) => (
    <Field id={fid(name)} label={label} error={errors[errorKey]}>
      <input
        id={fid(name)}
        value={draft[name] as string}
        onChange={(e) => {
          const v = e.target.value;
          // A typed value stops it following the quantity.
          if (name === 'quantity') setDraft((d) => withQuantity(d, v));
          else set(name === 'cashValue' ? { cashValue: v, unitPrice: null } : ({ [name]: v } as Partial<HandoutDraft>));
        }}
        aria-invalid={errors[errorKey] ? true : undefined}
        aria-describedby={errors[errorKey] ? `${fid(name)}-error` : undefined}
        autoComplete="off"
        {...props}
      />
    </Field>
  );

  return (
    <form className="handout-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('form.title')}</h3>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      <div className="field-row">
        <Field id={fid('itemKind')} label={t('form.item')} error={errors['item.kind']}>
          <select id={fid('itemKind')} value={draft.itemKind} onChange={(e) => void chooseItem(e.target.value as ReliefItemKind | '')} aria-invalid={errors['item.kind'] ? true : undefined}>
            <option value="">{t('form.chooseItem')}</option>
            <optgroup label={t('form.cash')}>
              {CASH_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`items.${k}`)}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('form.goods')}>
              {GOODS_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`items.${k}`)}
                </option>
              ))}
            </optgroup>
          </select>
        </Field>
        {input('round', t('form.round'), { inputMode: 'text', maxLength: 30 })}
      </div>
      {draft.itemKind !== '' && !cash && input('description', t('form.description'), { maxLength: 100 }, 'item.description')}
      {cash ? (
        input('quantity', t('form.amount'), { type: 'number', inputMode: 'decimal', min: 0, step: '0.01' })
      ) : (
        <div className="field-row three">
          {input('quantity', t('form.quantity'), { type: 'number', inputMode: 'decimal', min: 0, step: 'any' })}
          {input('unit', t('form.unit'), { maxLength: 10 })}
          {input('cashValue', t('form.cashValue'), { type: 'number', inputMode: 'decimal', min: 0, step: '0.01' })}
        </div>
      )}
      <EntitlementNotice check={check} unit={draft.unit} confirmed={confirmRepeat} onConfirm={setConfirmRepeat} />
      <div className="field-row">
        <Field id={fid('payment')} label={t('form.payment')} error={errors.payment}>
          <select id={fid('payment')} value={draft.payment} onChange={(e) => set({ payment: e.target.value as HandoutDraft['payment'] })} disabled={draft.itemKind !== '' && !cash}>
            {(draft.itemKind !== '' && !cash ? (['in-kind'] as const) : (['card', 'cash'] as const)).map((p) => (
              <option key={p} value={p}>
                {t(`payments.${p}`)}
              </option>
            ))}
          </select>
        </Field>
        {input('issuingOfficer', t('form.officer'), { maxLength: 50 })}
      </div>
      <RecipientConfirmation
        key={signatureKey}
        draft={draft}
        set={set}
        errors={errors}
        signatureRef={signature}
        signed={signed}
        onSigned={setSigned}
        thumbprint={thumbprint}
        onThumbprint={setThumbprint}
        compress={compress}
      />
      <details className="form-section">
        <summary>{t('form.more')}</summary>
        <div className="form-section-body">
          {input('batch', t('form.batch'), { maxLength: 50 })}
          <Field id={fid('at')} label={t('form.at')} error={errors.at}>
            <input id={fid('at')} type="datetime-local" value={isoToLocalInput(draft.at)} onChange={(e) => set({ at: localInputToIso(e.target.value) })} />
          </Field>
          {input('notes', t('form.notes'), { maxLength: 500 })}
        </div>
      </details>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving || blocked}>
          {saving ? t('form.saving') : t('form.save')}
        </button>
      </div>
    </form>
  );
}
