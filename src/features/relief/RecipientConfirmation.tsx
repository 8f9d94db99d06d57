import { useId, useState, type Ref } from 'react';
import { Field } from '../../app/Field';
import { useReliefText } from '../../i18n/relief.texts';
import type { CompressThumbprint } from './compress-thumbprint';
import type { HandoutDraft } from './handout-form';
import { SignatureCapture, type SignatureHandle } from './SignatureCapture';

export interface Thumbprint {
  bytes: Uint8Array;
  contentType: string;
}

/**
 * 领取确认: a signature drawn on the screen or a photo of the thumbprint, and the proxy receiver's name
 * and relation when someone other than the head takes it.
 */
export function RecipientConfirmation({
  draft,
  set,
  errors,
  signatureRef,
  signed,
  onSigned,
  thumbprint,
  onThumbprint,
  compress,
}: {
  draft: HandoutDraft;
  set: (patch: Partial<HandoutDraft>) => void;
  errors: Record<string, string>;
  signatureRef: Ref<SignatureHandle>;
  signed: boolean;
  onSigned: (signed: boolean) => void;
  thumbprint: Thumbprint | null;
  onThumbprint: (t: Thumbprint | null) => void;
  compress: CompressThumbprint;
}) {
  const { t } = useReliefText();
  const id = useId();
  const [photo, setPhoto] = useState<'idle' | 'busy' | 'failed'>('idle');
  const missing = errors['recipient.attachmentSha256'];

  const takePhoto = async (file: File | undefined) => {
    if (!file) return;
    setPhoto('busy');
    try {
      onThumbprint(await compress(file));
      setPhoto('idle');
    } catch {
      onThumbprint(null);
      setPhoto('failed');
    }
  };

  return (
    <fieldset className="recipient">
      <legend>{t('recipient.title')}</legend>
      <fieldset className="choices">
        <legend>{t('recipient.mode')}</legend>
        {(['signature', 'thumbprint'] as const).map((c) => (
          <label key={c} className="choice">
            <input type="radio" name={`${id}-mode`} value={c} checked={draft.confirmation === c} onChange={() => set({ confirmation: c })} />
            {t(`confirmations.${c}`)}
          </label>
        ))}
      </fieldset>
      {draft.confirmation === 'signature' ? (
        <div className="signature">
          <p id={`${id}-sign`}>{t('recipient.signHere')}</p>
          <SignatureCapture ref={signatureRef} label={t('recipient.canvas')} onChange={onSigned} />
          <p className="field-hint" role="status">
            {signed ? t('recipient.signed') : ''}
          </p>
          <button type="button" onClick={() => (signatureRef as { current: SignatureHandle | null }).current?.clear()}>
            {t('recipient.clear')}
          </button>
        </div>
      ) : (
        <Field id={`${id}-photo`} label={t('recipient.photo')} hint={photo === 'busy' ? t('recipient.compressing') : thumbprint ? t('recipient.photoReady', { size: Math.ceil(thumbprint.bytes.length / 1024) }) : null} error={photo === 'failed' ? t('recipient.photoFailed') : null}>
          <input id={`${id}-photo`} type="file" accept="image/*" capture="environment" onChange={(e) => void takePhoto(e.target.files?.[0])} />
        </Field>
      )}
      {missing && (
        <p className="field-error" role="alert">
          {missing}
        </p>
      )}
      <div className="field field-check">
        <input id={`${id}-proxy`} type="checkbox" checked={draft.proxy} onChange={(e) => set({ proxy: e.target.checked })} />
        <label htmlFor={`${id}-proxy`}>{t('recipient.proxy')}</label>
      </div>
      {draft.proxy && (
        <div className="field-row">
          <Field id={`${id}-proxy-name`} label={t('recipient.proxyName')} error={errors['recipient.proxy.name']}>
            <input id={`${id}-proxy-name`} value={draft.proxyName} onChange={(e) => set({ proxyName: e.target.value })} autoComplete="off" />
          </Field>
          <Field id={`${id}-proxy-relation`} label={t('recipient.proxyRelation')} error={errors['recipient.proxy.relation']}>
            <input id={`${id}-proxy-relation`} value={draft.proxyRelation} onChange={(e) => set({ proxyRelation: e.target.value })} autoComplete="off" />
          </Field>
        </div>
      )}
    </fieldset>
  );
}
