import { useEffect, useId, useRef, type ReactNode } from 'react';
import { get, useFormContext, useFormState, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { validateIdNumber, type IdNumberResult } from '../shared/rules/id-number';
import { describedBy, Field } from './Field';

export type ValidIdNumber = Extract<IdNumberResult, { ok: true }>;

export interface IdNumberInputProps {
  /** Form path of the number; `oldFormatName` is the path of its 15-digit flag beside it. */
  name: string;
  oldFormatName: string;
  label: string;
  oldFormatLabel: string;
  /** Today in China time (YYYY-MM-DD): a birth date after it is refused. */
  today: string;
  /** An empty number, once touched, shows validation.required (the head of a household). */
  required?: boolean;
  /** The form schema's error for the field, shown when the number rule itself finds none. */
  schemaError?: string | null;
  /** An empty input is stored as undefined, so an optional number validates as absent. */
  emptyAsUndefined?: boolean;
  /** What a valid number tells (sex, birth date, age), and where typed values disagree with it. */
  describe?: (valid: ValidIdNumber) => ReactNode;
  /** More advice under the field, e.g. the number is already registered. */
  extraHint?: ReactNode;
  /** Called each time the typed number becomes valid (not on every render). */
  onValid?: (valid: ValidIdNumber) => void;
  /** privacy.md §3: a stored number shown masked, with a button that reveals it (the reveal is logged). */
  masked?: { value: string; showText: string; showLabel: string; onShow: () => void } | null;
}

/**
 * An ID number, checked as it is typed (once 18 characters are in, or on blur) with the specific
 * message for each failure (id-number.md), and the old-format (15-digit) flag offered when it
 * applies. The one ID-number control of every form (surveys' members and supporters, households' head).
 */
export function IdNumberInput(props: IdNumberInputProps) {
  const { name, oldFormatName, today, masked } = props;
  const { t } = useTranslation();
  const id = useId();
  const { register, control } = useFormContext();
  const value = (useWatch({ control, name }) as string | undefined) ?? '';
  const oldFormat = !!useWatch({ control, name: oldFormatName });
  const { touchedFields, submitCount } = useFormState({ control, name });
  const trimmed = value.trim();
  const result = trimmed ? validateIdNumber(trimmed, { today, oldFormat }) : null;
  const show = trimmed.length >= 18 || !!get(touchedFields, name) || submitCount > 0;

  let error: string | null = null;
  if (show && !result && props.required) error = t('validation.required');
  else if (show && result && !result.ok) {
    // A wrong check character means some digit is wrong, not necessarily the last: the message never names
    // the expected character (issue 13 item 8).
    error = t(`validation.${result.error}`);
  } else if (props.schemaError) error = props.schemaError;

  const normalized = result?.ok ? result.normalized : null;
  const onValid = useRef(props.onValid);
  onValid.current = props.onValid;
  useEffect(() => {
    if (result?.ok) onValid.current?.(result);
    // Only when the number becomes valid: the worker may still change sex or birth date by hand.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [normalized]);

  const described = !masked && result?.ok && props.describe ? props.describe(result) : null;
  const hint =
    described || props.extraHint ? (
      <>
        {described}
        {props.extraHint}
      </>
    ) : null;

  return (
    <>
      <Field id={id} label={props.label} error={error} hint={hint}>
        {masked ? (
          <span className="id-reveal">
            <input id={id} value={masked.value} readOnly aria-describedby={describedBy(id, error, hint)} />
            <button type="button" className="link-button" aria-label={masked.showLabel} onClick={masked.onShow}>
              {masked.showText}
            </button>
          </span>
        ) : (
          <input
            id={id}
            {...register(name, props.emptyAsUndefined ? { setValueAs: (v: unknown) => (v === '' ? undefined : v) } : undefined)}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={18}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(id, error, hint)}
          />
        )}
      </Field>
      {(trimmed.length === 15 || oldFormat) && (
        <div className="field field-check">
          <input id={`${id}-old`} type="checkbox" {...register(oldFormatName)} />
          <label htmlFor={`${id}-old`}>{props.oldFormatLabel}</label>
        </div>
      )}
    </>
  );
}
