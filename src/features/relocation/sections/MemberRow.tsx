import { useEffect } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { Field } from '../../../app/Field';
import { useRelocationText } from '../../../i18n/relocation.texts';
import { ageOn, validateIdNumber } from '../../../shared/rules/id-number';
import { AGE_BANDS } from '../../../shared/schema/displaced-household';
import type { HouseholdFormValues } from '../household-form';
import { emptyToUndefined, useFieldAria } from '../useFieldAria';

const FLAGS = ['pregnantOrBreastfeeding', 'disability', 'regularMedicine', 'unaccompaniedChild', 'needsCare'] as const;
const CASUALTIES = ['injured', 'missing', 'dead'] as const;

/** The age band of an age in years (relocation-relief.md: 0–4, 5–17, 18–59, 60+). */
function ageBandOf(age: number): (typeof AGE_BANDS)[number] {
  return age < 5 ? '0-4' : age < 18 ? '5-17' : age < 60 ? '18-59' : '60+';
}

/**
 * One member registered one by one. A valid ID number fills in the sex and age band when they are
 * still empty (one less thing to ask at a busy desk); the worker can still change them.
 */
export function MemberRow({ index, prefix, today, onRemove, quiet = false }: { index: number; prefix: string; today: string; onRemove: () => void; quiet?: boolean }) {
  const { t } = useRelocationText();
  const { register, control, getValues, setValue } = useFormContext<HouseholdFormValues>();
  const field = useFieldAria(prefix);
  const { fid } = field;
  // A row added after the last save attempt shows no errors until the next one (issue 13 item 6).
  const err = (name: string) => (quiet ? null : field.err(name));
  const aria = (name: string) => (quiet ? { id: fid(name), 'aria-invalid': undefined, 'aria-describedby': undefined } : field.aria(name));
  const n = index + 1;
  const base = `members.${index}` as const;
  const idNumber = useWatch({ control, name: `${base}.idNumber` }) ?? '';

  useEffect(() => {
    const r = idNumber.trim().length === 18 ? validateIdNumber(idNumber, { today }) : null;
    if (!r?.ok) return;
    if (!getValues(`${base}.sex`)) setValue(`${base}.sex`, r.sex, { shouldDirty: true });
    if (!getValues(`${base}.ageBand`)) setValue(`${base}.ageBand`, ageBandOf(ageOn(r.birthDate, today)), { shouldDirty: true });
  }, [idNumber, today, base, getValues, setValue]);

  return (
    <fieldset className="member-row">
      <legend>{t('members.member', { n })}</legend>
      <div className="field-grid">
        <Field id={fid(`${base}.name`)} label={t('members.name', { n })} error={err(`${base}.name`)}>
          <input {...aria(`${base}.name`)} {...register(`${base}.name`)} autoComplete="off" />
        </Field>
        <Field id={fid(`${base}.idNumber`)} label={t('members.idNumber', { n })} error={err(`${base}.idNumber`)}>
          <input
            {...aria(`${base}.idNumber`)}
            {...register(`${base}.idNumber`, { setValueAs: emptyToUndefined })}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={18}
          />
        </Field>
        <Field id={fid(`${base}.sex`)} label={t('members.sex', { n })} error={err(`${base}.sex`)}>
          <select {...aria(`${base}.sex`)} {...register(`${base}.sex`, { setValueAs: emptyToUndefined })}>
            <option value="">{t('members.choose')}</option>
            <option value="male">{t('members.sexes.male')}</option>
            <option value="female">{t('members.sexes.female')}</option>
          </select>
        </Field>
        <Field id={fid(`${base}.ageBand`)} label={t('members.ageBand', { n })} error={err(`${base}.ageBand`)}>
          <select {...aria(`${base}.ageBand`)} {...register(`${base}.ageBand`, { setValueAs: emptyToUndefined })}>
            <option value="">{t('members.choose')}</option>
            {AGE_BANDS.map((b) => (
              <option key={b} value={b}>
                {t(`members.ageBands.${b}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id={fid(`${base}.casualty`)} label={t('members.casualty', { n })} error={err(`${base}.casualty`)}>
          <select {...aria(`${base}.casualty`)} {...register(`${base}.casualty`, { setValueAs: emptyToUndefined })}>
            <option value="">{t('members.casualties.none')}</option>
            {CASUALTIES.map((c) => (
              <option key={c} value={c}>
                {t(`members.casualties.${c}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <fieldset className="choices">
        <legend>{t('members.flags', { n })}</legend>
        {FLAGS.map((f) => (
          <label key={f} className="choice">
            <input type="checkbox" {...register(`${base}.${f}`)} />
            {t(`members.flag.${f}`)}
          </label>
        ))}
      </fieldset>
      <button type="button" className="link-button" onClick={onRemove}>
        {t('members.remove', { n })}
      </button>
    </fieldset>
  );
}
