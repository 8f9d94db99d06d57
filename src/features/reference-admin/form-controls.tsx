import { createContext, useContext, type ReactNode } from 'react';
import { get, useFormContext, useFormState } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { describedBy, Field } from '../../app/Field';
import { fieldMessage, firstError } from './field-message';
import { numberValue } from './prepared-resolver';

/** The form's useId(), so control ids are unique when two forms are on the page. */
export const FormIdContext = createContext('ref');

interface Common {
  name: string;
  label: string;
  hint?: ReactNode;
}

/** Id, translated error and aria attributes of one control. */
function useControl(name: string, hint?: ReactNode) {
  const prefix = useContext(FormIdContext);
  const { t } = useTranslation();
  const { control, getValues, register } = useFormContext();
  const { errors } = useFormState({ control, name });
  const e = firstError(get(errors, name));
  const error = e ? fieldMessage(t, e, getValues(name)) : null;
  const id = `${prefix}-${name.replace(/\./g, '-')}`;
  const aria = { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(id, error, hint) };
  return { id, error, aria, register };
}

export function TextInput({ name, label, hint, type = 'text', placeholder }: Common & { type?: 'text' | 'date' | 'tel'; placeholder?: string }) {
  const c = useControl(name, hint);
  return (
    <Field id={c.id} label={label} error={c.error} hint={hint}>
      <input type={type} autoComplete="off" placeholder={placeholder} {...c.aria} {...c.register(name)} />
    </Field>
  );
}

export function TextArea({ name, label, hint, rows = 3 }: Common & { rows?: number }) {
  const c = useControl(name, hint);
  return (
    <Field id={c.id} label={label} error={c.error} hint={hint}>
      <textarea rows={rows} {...c.aria} {...c.register(name)} />
    </Field>
  );
}

export function NumberInput({ name, label, hint, step = 'any' }: Common & { step?: number | 'any' }) {
  const c = useControl(name, hint);
  return (
    <Field id={c.id} label={label} error={c.error} hint={hint}>
      <input type="number" inputMode="decimal" step={step} {...c.aria} {...c.register(name, { setValueAs: numberValue })} />
    </Field>
  );
}

export function SelectInput({ name, label, hint, options }: Common & { options: { value: string; label: string }[] }) {
  const c = useControl(name, hint);
  return (
    <Field id={c.id} label={label} error={c.error} hint={hint}>
      <select {...c.aria} {...c.register(name)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CheckboxInput({ name, label }: Common) {
  const c = useControl(name);
  return (
    <div className="field field-check">
      <input type="checkbox" {...c.aria} {...c.register(name)} />
      <label htmlFor={c.id}>{label}</label>
    </div>
  );
}

/** Several checkboxes under one name: react-hook-form gives the checked values as a list, in this order. */
export function CheckboxGroup({ name, label, options }: Common & { options: { value: string; label: string }[] }) {
  const c = useControl(name);
  return (
    <fieldset className="check-group" id={c.id}>
      <legend>{label}</legend>
      {options.map((o) => (
        <label key={o.value} className="check-option">
          <input type="checkbox" value={o.value} {...c.register(name)} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}
