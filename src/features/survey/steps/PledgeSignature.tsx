import { useId, useRef, useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { useSession } from '../../../app/session-context';
import { errorCodeOf, errorMessage } from '../../../i18n/error-message';
import type { AttachmentRef } from '../../../shared/schema/survey-fields';
import { SignatureCapture, type SignatureHandle } from '../../relief/SignatureCapture';
import '../../relief/relief.css';
import { useSurveyForm } from '../survey-context';
import type { SurveyFormValues } from '../survey-form-values';
import { useSurveyText } from '../useSurveyText';

/**
 * The pledge (承诺书) signed on the screen instead of photographed (issue 13 item 5): the domain accepts
 * a photo or a signature as its evidence. The drawn PNG is stored like a photo (sealed, uploaded after
 * the survey) and becomes pledge.evidence. Reuses the relief hand-out's signature pad.
 */
export function PledgeSignature() {
  const { t, tApp } = useSurveyText();
  const session = useSession();
  const { surveyId } = useSurveyForm();
  const { control, setValue, getValues } = useFormContext<SurveyFormValues>();
  const evidence = useWatch({ control, name: 'pledge.evidence' }) as string | undefined;
  const attachments = (useWatch({ control, name: 'attachments' }) ?? []) as AttachmentRef[];
  const signedHere = attachments.find((a) => a.sha256 === evidence && a.kind === 'signature');
  const pad = useRef<SignatureHandle>(null);
  const id = useId();
  const [drawn, setDrawn] = useState(false);
  // The pad opens on request: most workers photograph the signed paper, and the step stays short.
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    const png = pad.current?.png();
    if (!png || !session.attachments) return;
    setBusy(true);
    setError(null);
    try {
      const { sha256 } = await session.attachments.add(surveyId, png, 'image/png');
      const ref: AttachmentRef = { sha256, kind: 'signature', size: png.length, contentType: 'image/png' };
      const others = ((getValues('attachments') ?? []) as AttachmentRef[]).filter((a) => a.sha256 !== sha256);
      setValue('attachments', [...others, ref], { shouldDirty: true });
      setValue('pledge.evidence', sha256, { shouldDirty: true, shouldValidate: getValues('pledge.signed') !== undefined });
      pad.current?.clear();
    } catch (e) {
      const { code, details } = errorCodeOf(e);
      setError(t('photos.failed', { reason: errorMessage(tApp, code, details) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="group pledge-signature" aria-describedby={`${id}-hint`}>
      <legend>{t('pledgeSignature.title')}</legend>
      <p id={`${id}-hint`} className="hint">
        {t('pledgeSignature.hint')}
      </p>
      {signedHere && <p className="derived">{t('pledgeSignature.saved')}</p>}
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          {t('pledgeSignature.open')}
        </button>
      ) : (
        <>
          <SignatureCapture ref={pad} label={t('pledgeSignature.pad')} onChange={setDrawn} />
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="form-actions">
            <button type="button" className="primary" disabled={!drawn || busy} onClick={() => void save()}>
              {t('pledgeSignature.save')}
            </button>
            <button type="button" disabled={!drawn || busy} onClick={() => pad.current?.clear()}>
              {t('pledgeSignature.clear')}
            </button>
          </div>
        </>
      )}
    </fieldset>
  );
}
