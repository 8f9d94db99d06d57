import { useFormContext } from 'react-hook-form';
import { Field } from '../../../app/Field';
import { useRelocationText } from '../../../i18n/relocation.texts';
import { NEED_STATES } from '../../../shared/schema/displaced-household';
import type { HouseholdFormValues } from '../household-form';
import { emptyToUndefined, useFieldAria } from '../useFieldAria';

const NEEDS = ['food', 'clothing', 'medical', 'shelter'] as const;

/**
 * The four needs of 自然灾害救助条例 Art. 14 today (food, clothing and bedding, medical care, temporary
 * shelter), each met / partly / not met with a note, and the two support flags the county counts.
 */
export function NeedsSection({ prefix }: { prefix: string }) {
  const { t } = useRelocationText();
  const { register } = useFormContext<HouseholdFormValues>();
  const { err, fid, aria } = useFieldAria(prefix);

  return (
    <>
      <p className="field-hint">{t('needs.hint')}</p>
      {NEEDS.map((need) => {
        const state = `needs.${need}.state` as const;
        const note = `needs.${need}.note` as const;
        const label = t(`needs.kinds.${need}`);
        const e = err(state);
        return (
          <div key={need} className="need">
            <fieldset className={`choices${e ? ' field-invalid' : ''}`} aria-describedby={e ? `${fid(state)}-error` : undefined}>
              <legend>{label}</legend>
              {NEED_STATES.map((s) => (
                <label key={s} className="choice">
                  <input type="radio" value={s} {...register(state, { setValueAs: emptyToUndefined })} />
                  {t(`needs.states.${s}`)}
                </label>
              ))}
              {e && (
                <p id={`${fid(state)}-error`} className="field-error">
                  {t('needs.incomplete')}
                </p>
              )}
            </fieldset>
            <Field id={fid(note)} label={t('needs.note', { need: label })} error={err(note)}>
              <input {...aria(note)} {...register(note)} autoComplete="off" maxLength={200} />
            </Field>
          </div>
        );
      })}
      <div className="field field-check">
        <input id={fid('needsEmergencySupport')} type="checkbox" {...register('needsEmergencySupport')} />
        <label htmlFor={fid('needsEmergencySupport')}>{t('support.emergency')}</label>
      </div>
      <div className="field field-check">
        <input id={fid('needsTransitionalSupport')} type="checkbox" {...register('needsTransitionalSupport')} />
        <label htmlFor={fid('needsTransitionalSupport')}>{t('support.transitional')}</label>
      </div>
    </>
  );
}
