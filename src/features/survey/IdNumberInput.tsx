import { useEffect, useId } from 'react';
import { get, useFormContext, useFormState, useWatch } from 'react-hook-form';
import { describedBy, Field } from '../../app/Field';
import { ageOn, validateIdNumber } from '../../shared/rules/id-number';
import { useFieldError } from './form-controls';
import { useSurveyForm } from './survey-context';
import type { SurveyFormValues } from './survey-form-values';
import { useSurveyText } from './useSurveyText';

/**
 * A member's or supporter's ID number, checked as it is typed (once 18 characters are in, or on blur)
 * with the specific message for each failure (id-number.md). For a member (`derive`), a valid number
 * fills in sex and birth date when they are still empty, and a typed sex or birth date that disagrees
 * with the number is pointed out at once (completing refuses it: id.sexMismatch / id.birthDateMismatch).
 */
export function IdNumberInput({ prefix, derive }: { prefix: string; derive: 'member' | 'supporter' }) {
  const text = useSurveyText();
  const { t, tApp } = text;
  const { today } = useSurveyForm();
  const id = useId();
  const name = `${prefix}.idNumber`;
  const { register, control, setValue, getValues } = useFormContext<SurveyFormValues>();
  const value = (useWatch({ control, name }) as string | undefined) ?? '';
  const oldFormat = !!useWatch({ control, name: `${prefix}.idOldFormat` });
  const sex = useWatch({ control, name: `${prefix}.sex` }) as string | undefined;
  const birthDate = useWatch({ control, name: `${prefix}.birthDate` }) as string | undefined;
  const { touchedFields, submitCount } = useFormState({ control, name });
  const schemaError = useFieldError(name);
  const trimmed = value.trim();
  const result = trimmed ? validateIdNumber(trimmed, { today, oldFormat }) : null;
  const show = trimmed.length >= 18 || !!get(touchedFields, name) || submitCount > 0;

  let error: string | null = null;
  if (show && result && !result.ok) {
    // A wrong check character means some digit is wrong, not necessarily the last: the message never names
    // the expected character (issue 13 item 8).
    error = tApp(`validation.${result.error}`);
  } else if (schemaError) error = schemaError;

  const normalized = result?.ok ? result.normalized : null;
  useEffect(() => {
    if (!normalized || !result?.ok) return;
    if (derive === 'member') {
      if (!getValues(`${prefix}.sex`)) setValue(`${prefix}.sex`, result.sex, { shouldDirty: true });
      if (!getValues(`${prefix}.birthDate`)) setValue(`${prefix}.birthDate`, result.birthDate, { shouldDirty: true });
    } else if (getValues(`${prefix}.age`) === undefined || getValues(`${prefix}.age`) === '') {
      setValue(`${prefix}.age`, ageOn(result.birthDate, today), { shouldDirty: true });
    }
    // Only when the number becomes valid: the worker may still change sex or birth date by hand.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [normalized]);

  const lines: { text: string; warn?: boolean }[] = [];
  if (result?.ok) {
    const age = ageOn(result.birthDate, today);
    lines.push({
      text:
        derive === 'member'
          ? t('members.derived', { sex: t(`options.sex.${result.sex}`), birthDate: result.birthDate, age })
          : t('supporters.derivedAge', { age }),
    });
    if (derive === 'member' && sex && sex !== result.sex) lines.push({ text: text.message('id.sexMismatch'), warn: true });
    if (derive === 'member' && birthDate && birthDate !== result.birthDate) lines.push({ text: text.message('id.birthDateMismatch'), warn: true });
  }
  const hint = lines.length ? (
    <>
      {lines.map((l) => (
        <p key={l.text} className={l.warn ? 'warning' : 'derived'} role={l.warn ? 'alert' : undefined}>
          {l.text}
        </p>
      ))}
    </>
  ) : null;

  return (
    <>
      <Field id={id} label={text.label(name)} error={error} hint={hint}>
        <input
          id={id}
          {...register(name, { setValueAs: (v: unknown) => (v === '' ? undefined : v) })}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={18}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, error, hint)}
        />
      </Field>
      {(trimmed.length === 15 || oldFormat) && (
        <div className="field field-check">
          <input id={`${id}-old`} type="checkbox" {...register(`${prefix}.idOldFormat`)} />
          <label htmlFor={`${id}-old`}>{text.label(`${prefix}.idOldFormat`)}</label>
        </div>
      )}
    </>
  );
}
