import { useId, type ReactNode } from 'react';
import { Controller, get, useFormContext, useFormState } from 'react-hook-form';
import { describedBy, Field } from '../../app/Field';
import { amountValue, choiceValue, numberChoice, type SurveyFormValues } from './survey-form-values';
import { useSurveyText } from './useSurveyText';

/**
 * The survey's form controls: each one labelled (its label comes from the schema path unless given),
 * large enough to tap, with its error message translated and linked by aria-describedby. Errors show
 * only after the worker first tries to complete the survey (drafts enforce nothing).
 */

/** The translated error at `name` (or, failing that, at `fallback`, e.g. a missing whole object). */
export function useFieldError(name: string, fallback?: string): string | null {
  const text = useSurveyText();
  const { errors } = useFormState<SurveyFormValues>({ name: fallback ? [name, fallback] : name });
  type E = { message?: string; type?: string; root?: E } | undefined;
  // A field array's own error (e.g. too few rows) sits at `<name>.root`.
  const own = (x: E): E => (x && (x.message !== undefined || x.type !== undefined) ? x : x?.root);
  const e = own(get(errors, name) as E) ?? (fallback ? own(get(errors, fallback) as E) : undefined);
  if (!e || (e.message === undefined && e.type === undefined)) return null;
  return text.message(e.message, e.type);
}

interface BaseProps {
  name: string;
  label?: string;
  hint?: ReactNode;
  /** Show an error recorded on this path too (an object the schema found missing). */
  errorAlso?: string;
  className?: string;
}

function useControl(name: string, label: string | undefined, errorAlso?: string, choice = false) {
  const id = useId();
  const text = useSurveyText();
  const raw = useFieldError(name, errorAlso);
  // A choice left unanswered asks to choose (请选择) rather than saying "必填" (issue 13 item 6).
  const error = choice && raw !== null && raw === text.message('required') ? text.tApp('validation.choose') : raw;
  return { id, error, label: label ?? text.label(name), text };
}

export function TextInput({ name, label, hint, errorAlso, className, maxLength, autoComplete = 'off', type = 'text', inputMode }: BaseProps & {
  maxLength?: number;
  autoComplete?: string;
  type?: 'text' | 'tel';
  inputMode?: 'text' | 'tel' | 'numeric';
}) {
  const { register } = useFormContext<SurveyFormValues>();
  const c = useControl(name, label, errorAlso);
  return (
    <Field id={c.id} label={c.label} error={c.error} hint={hint} className={className}>
      <input
        id={c.id}
        type={type}
        inputMode={inputMode}
        maxLength={maxLength}
        autoComplete={autoComplete}
        aria-invalid={c.error ? true : undefined}
        aria-describedby={describedBy(c.id, c.error, hint)}
        {...register(name, { setValueAs: choiceValue })}
      />
    </Field>
  );
}

export function TextArea({ name, label, hint, className }: BaseProps) {
  const { register } = useFormContext<SurveyFormValues>();
  const c = useControl(name, label);
  return (
    <Field id={c.id} label={c.label} error={c.error} hint={hint} className={className}>
      <textarea id={c.id} rows={4} aria-invalid={c.error ? true : undefined} aria-describedby={describedBy(c.id, c.error, hint)} {...register(name, { setValueAs: choiceValue })} />
    </Field>
  );
}

/** Yuan (or another decimal): the numeric keyboard with a decimal point; text that is no number is reported as such. */
export function AmountInput({ name, label, hint, errorAlso, className, integer }: BaseProps & { integer?: boolean }) {
  const { register } = useFormContext<SurveyFormValues>();
  const c = useControl(name, label, errorAlso);
  const error = c.error === c.text.message('invalid') ? c.text.t('validation.number') : c.error;
  return (
    <Field id={c.id} label={c.label} error={error} hint={hint} className={`field-amount${className ? ` ${className}` : ''}`}>
      <input
        id={c.id}
        type="text"
        inputMode={integer ? 'numeric' : 'decimal'}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(c.id, error, hint)}
        {...register(name, { setValueAs: amountValue })}
      />
    </Field>
  );
}

export function DateInput({ name, label, hint, errorAlso, className }: BaseProps) {
  const { register } = useFormContext<SurveyFormValues>();
  const c = useControl(name, label, errorAlso);
  return (
    <Field id={c.id} label={c.label} error={c.error} hint={hint} className={className}>
      <input id={c.id} type="date" aria-invalid={c.error ? true : undefined} aria-describedby={describedBy(c.id, c.error, hint)} {...register(name, { setValueAs: choiceValue })} />
    </Field>
  );
}

export type Options = readonly (readonly [value: string, label: string])[];

/** A drop-down; the empty first option means "not chosen yet". */
export function SelectInput({ name, label, hint, errorAlso, className, options, numeric, emptyLabel }: BaseProps & {
  options: Options;
  numeric?: boolean;
  emptyLabel?: string;
}) {
  const { register } = useFormContext<SurveyFormValues>();
  const c = useControl(name, label, errorAlso, true);
  return (
    <Field id={c.id} label={c.label} error={c.error} hint={hint} className={className}>
      <select id={c.id} aria-invalid={c.error ? true : undefined} aria-describedby={describedBy(c.id, c.error, hint)} {...register(name, { setValueAs: numeric ? numberChoice : choiceValue })}>
        <option value="">{emptyLabel ?? c.text.t('none')}</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A group of radio buttons (a fieldset named by its legend), for a few choices the worker taps. */
export function RadioGroup({ name, label, hint, errorAlso, className, options }: BaseProps & { options: Options }) {
  const { register } = useFormContext<SurveyFormValues>();
  const c = useControl(name, label, errorAlso, true);
  return (
    <fieldset
      className={`choices${c.error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}
      aria-describedby={describedBy(c.id, c.error, hint)}
      aria-invalid={c.error ? true : undefined}
    >
      <legend>{c.label}</legend>
      {options.map(([value, text]) => (
        <label key={value} className="choice">
          <input type="radio" value={value} {...register(name, { setValueAs: choiceValue })} />
          {text}
        </label>
      ))}
      {c.error && (
        <p id={`${c.id}-error`} className="field-error">
          {c.error}
        </p>
      )}
      {hint && (
        <div id={`${c.id}-hint`} className="field-hint">
          {hint}
        </div>
      )}
    </fieldset>
  );
}

/** Yes / no as two radio buttons holding a boolean; neither checked means "not answered yet". */
export function YesNo({ name, label, hint, errorAlso, className, onChange }: BaseProps & { onChange?: (v: boolean) => void }) {
  const { control } = useFormContext<SurveyFormValues>();
  const c = useControl(name, label, errorAlso, true);
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <fieldset
          className={`choices yes-no${c.error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}
          aria-describedby={describedBy(c.id, c.error, hint)}
          aria-invalid={c.error ? true : undefined}
        >
          <legend>{c.label}</legend>
          {([true, false] as const).map((v) => (
            <label key={String(v)} className="choice">
              <input
                type="radio"
                name={`${c.id}-${field.name}`}
                ref={v ? field.ref : undefined}
                checked={field.value === v}
                onChange={() => {
                  field.onChange(v);
                  onChange?.(v);
                }}
                onBlur={field.onBlur}
              />
              {v ? c.text.t('yes') : c.text.t('no')}
            </label>
          ))}
          {c.error && (
            <p id={`${c.id}-error`} className="field-error">
              {c.error}
            </p>
          )}
          {hint && (
            <div id={`${c.id}-hint`} className="field-hint">
              {hint}
            </div>
          )}
        </fieldset>
      )}
    />
  );
}

/** A checkbox holding a boolean (optional flags). */
export function CheckboxInput({ name, label, className }: BaseProps) {
  const { register } = useFormContext<SurveyFormValues>();
  const c = useControl(name, label);
  return (
    <div className={`field field-check${className ? ` ${className}` : ''}`}>
      <input id={c.id} type="checkbox" {...register(name)} />
      <label htmlFor={c.id}>{c.label}</label>
    </div>
  );
}

/** Options for a select from a list of codes and their translations under `options.<group>`. */
export function useOptions(group: string, values: readonly (string | number)[]): Options {
  const { t } = useSurveyText();
  return values.map((v) => [String(v), t(`options.${group}.${v}`)] as const);
}
