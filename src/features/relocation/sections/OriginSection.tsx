import { useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { Field } from '../../../app/Field';
import { useRelocationText } from '../../../i18n/relocation.texts';
import { STRUCTURES } from '../../../shared/schema/displaced-household';
import type { HouseholdFormValues } from '../household-form';
import { emptyToUndefined, useFieldAria } from '../useFieldAria';

/** The house's structure, the original township and GPS (when the tablet has a fix), and notes. */
export function OriginSection({ prefix }: { prefix: string }) {
  const { t } = useRelocationText();
  const { register, control, setValue } = useFormContext<HouseholdFormValues>();
  const { err, aria } = useFieldAria(prefix);
  const gps = useWatch({ control, name: 'origin.gps' });
  const [locating, setLocating] = useState<'idle' | 'busy' | 'failed'>('idle');

  const locate = () => {
    if (!navigator.geolocation) return setLocating('failed');
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setValue('origin.gps', { lat: Math.round(p.coords.latitude * 1e6) / 1e6, lng: Math.round(p.coords.longitude * 1e6) / 1e6 }, { shouldDirty: true });
        setLocating('idle');
      },
      () => setLocating('failed'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  return (
    <>
      <Field id={aria('damage.structure').id} label={t('form.structure')} error={err('damage.structure')}>
        <select {...aria('damage.structure')} {...register('damage.structure', { setValueAs: emptyToUndefined })}>
          <option value="">—</option>
          {STRUCTURES.map((s) => (
            <option key={s} value={s}>
              {t(`form.structures.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id={aria('origin.township').id} label={t('form.township')} error={err('origin.township')}>
        <input {...aria('origin.township')} {...register('origin.township', { setValueAs: emptyToUndefined })} autoComplete="off" />
      </Field>
      <div className="field">
        <span className="field-label">{t('form.gps')}</span>
        {gps && <p>{t('form.gpsValue', { lat: gps.lat, lng: gps.lng })}</p>}
        <div className="form-actions">
          <button type="button" onClick={locate} disabled={locating === 'busy'}>
            {locating === 'busy' ? t('form.locating') : t('form.useLocation')}
          </button>
          {gps && (
            <button type="button" onClick={() => setValue('origin.gps', undefined, { shouldDirty: true })}>
              {t('form.clearLocation')}
            </button>
          )}
        </div>
        {locating === 'failed' && <p className="field-hint">{t('form.locationFailed')}</p>}
      </div>
      <Field id={aria('notes').id} label={t('form.notes')} error={err('notes')}>
        <textarea {...aria('notes')} {...register('notes')} rows={3} maxLength={1000} />
      </Field>
    </>
  );
}
