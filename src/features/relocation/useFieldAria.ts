import { get, useFormContext, useFormState } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { describedBy } from '../../app/Field';
import { validationMessage } from '../../i18n/validation-message';

/**
 * Ids, error messages and aria attributes of a form's fields, by field path, for the sections of a
 * form that share one FormProvider. `prefix` is the form's useId().
 */
export function useFieldAria(prefix: string) {
  const { t } = useTranslation();
  const { control } = useFormContext();
  const { errors } = useFormState({ control });
  const err = (name: string): string | null => {
    const e = get(errors, name) as { message?: string; type?: string } | undefined;
    return e && (e.message || e.type) ? validationMessage(t, e.message, e.type) : null;
  };
  const fid = (name: string) => `${prefix}-${name.replace(/\./g, '-')}`;
  const aria = (name: string) => {
    const e = err(name);
    return { id: fid(name), 'aria-invalid': e ? true : undefined, 'aria-describedby': describedBy(fid(name), e) };
  };
  return { err, fid, aria };
}

/** Number inputs: an empty box is "not given" (undefined), never NaN. */
export const optionalNumber = (v: unknown) => (v === '' || v === null || v === undefined ? undefined : Number(v));
/** Selects and text: an empty choice is "not given". */
export const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
