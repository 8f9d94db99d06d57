import { useEffect, useId, useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { useSession } from '../../../app/session-context';
import { errorCodeOf, errorMessage } from '../../../i18n/error-message';
import { ATTACHMENT_KINDS, MAX_ATTACHMENT_BYTES, type AttachmentRef } from '../../../shared/schema/survey-fields';
import { bytesOf, isAcceptedType, type CompressedPhoto } from '../compress-photo';
import { formatBytes } from '../format';
import { useSurveyForm } from '../survey-context';
import type { SurveyFormValues } from '../survey-form-values';
import { useSurveyText } from '../useSurveyText';
import { PledgeSignature } from './PledgeSignature';

type Kind = (typeof ATTACHMENT_KINDS)[number];

/**
 * Step 8: photos of the home and of documents, from the camera or a file. Each is compressed on the
 * tablet and its size shown before the worker saves it; saved, it is sealed in IndexedDB and named in
 * the survey by its SHA-256 (rule T1: uploaded after the survey, never holding it back). A photo of
 * the signed authorisation or pledge is also that paper's evidence.
 */
export function PhotosStep() {
  const { t, tApp } = useSurveyText();
  const session = useSession();
  const { surveyId, compress } = useSurveyForm();
  const { control, setValue, getValues } = useFormContext<SurveyFormValues>();
  const attachments = (useWatch({ control, name: 'attachments' }) ?? []) as AttachmentRef[];
  const id = useId();
  const [kind, setKind] = useState<Kind>('home');
  const [pending, setPending] = useState<(CompressedPhoto & { url: string | null }) | null>(null);
  const [busy, setBusy] = useState<'compressing' | 'saving' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0);

  useEffect(() => () => {
    if (pending?.url) URL.revokeObjectURL(pending.url);
  }, [pending]);

  const pick = async (file: File | undefined) => {
    setError(null);
    setPending(null);
    if (!file) return;
    if (!isAcceptedType(file.type)) return setError(t('photos.unsupported'));
    if (file.size > MAX_ATTACHMENT_BYTES) return setError(t('photos.tooLarge'));
    setBusy('compressing');
    try {
      let photo: CompressedPhoto;
      try {
        photo = await compress(file);
      } catch {
        // An image the library cannot read (an odd camera format): keep it as it came, uncompressed.
        photo = { bytes: await bytesOf(file), contentType: file.type, originalSize: file.size, compressed: false };
      }
      if (photo.bytes.length > MAX_ATTACHMENT_BYTES) return setError(t('photos.tooLarge'));
      const url = typeof URL.createObjectURL === 'function' && photo.contentType.startsWith('image/') ? URL.createObjectURL(new Blob([photo.bytes as BlobPart], { type: photo.contentType })) : null;
      setPending({ ...photo, url });
    } catch {
      setError(t('photos.unsupported'));
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    if (!pending) return;
    setBusy('saving');
    try {
      const { sha256 } = await session.attachments.add(surveyId, pending.bytes, pending.contentType);
      const ref: AttachmentRef = { sha256, kind, size: pending.bytes.length, contentType: pending.contentType };
      const others = ((getValues('attachments') ?? []) as AttachmentRef[]).filter((a) => a.sha256 !== sha256);
      setValue('attachments', [...others, ref], { shouldDirty: true });
      if (kind === 'authorisation' || kind === 'pledge') setValue(`${kind}.evidence`, sha256, { shouldDirty: true });
      setPending(null);
      setInputKey((k) => k + 1);
    } catch (e) {
      const { code, details } = errorCodeOf(e);
      setError(t('photos.failed', { reason: errorMessage(tApp, code, details) }));
    } finally {
      setBusy(null);
    }
  };

  const removeRef = (sha: string) => {
    setValue('attachments', attachments.filter((a) => a.sha256 !== sha), { shouldDirty: true });
    for (const doc of ['authorisation', 'pledge'] as const) {
      if (getValues(`${doc}.evidence`) === sha) setValue(`${doc}.evidence`, undefined, { shouldDirty: true });
    }
  };

  return (
    <div className="step-body">
      <p className="hint">{t('photos.intro')}</p>
      <PledgeSignature />
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('fields.attachments.kind')}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {ATTACHMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`options.attachmentKind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('photos.pick')}</label>
        <input
          key={inputKey}
          id={`${id}-file`}
          type="file"
          accept="image/*,application/pdf"
          capture="environment"
          onChange={(e) => void pick(e.target.files?.[0])}
          disabled={busy !== null}
        />
      </div>
      {busy === 'compressing' && <p role="status">{t('photos.compressing')}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {pending && (
        <div className="photo-pending">
          {pending.url && <img src={pending.url} alt={t('photos.preview')} className="photo-preview" />}
          <p role="status">
            {pending.compressed
              ? t('photos.sizes', { original: formatBytes(pending.originalSize), compressed: formatBytes(pending.bytes.length) })
              : t('photos.notCompressed', { size: formatBytes(pending.bytes.length) })}
          </p>
          <div className="form-actions">
            <button type="button" className="primary" onClick={() => void save()} disabled={busy !== null}>
              {busy === 'saving' ? t('photos.saving') : t('photos.save')}
            </button>
            <button
              type="button"
              onClick={() => {
                setPending(null);
                setInputKey((k) => k + 1);
              }}
            >
              {t('photos.discard')}
            </button>
          </div>
        </div>
      )}
      <h3>{t('photos.saved')}</h3>
      {attachments.length === 0 ? (
        <p className="hint">{t('photos.none')}</p>
      ) : (
        <ul className="photo-list" aria-label={t('photos.saved')}>
          {attachments.map((a) => {
            const label = t('photos.item', { kind: t(`options.attachmentKind.${a.kind}`), size: formatBytes(a.size) });
            return (
              <li key={a.sha256}>
                <span>{label}</span>
                <button type="button" onClick={() => removeRef(a.sha256)} aria-label={`${t('remove')} ${label}`}>
                  {t('remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
