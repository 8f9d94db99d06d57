import { useContext, type ReactNode } from 'react';
import { get, useFormContext, useFormState, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { describedBy, Field } from '../../app/Field';
import { useAreasText } from '../../i18n/areas.texts';
import type { DivisionLevel } from '../../shared/schema/division';
import { useAreaDirectory } from '../areas/AreaDirectoryContext';
import { AreaOptions } from '../areas/AreaPicker';
import { fieldMessage, firstError } from './field-message';
import { FormIdContext } from './form-controls';
import { pickedList } from './picked-list';
import '../areas/areas.css';

/** Id, translated error and aria attributes of one control (as form-controls.tsx does for its own). */
function useAreaControl(name: string, hint?: ReactNode) {
  const prefix = useContext(FormIdContext);
  const { t } = useTranslation();
  const { control, getValues, register } = useFormContext();
  const { errors } = useFormState({ control, name });
  const e = firstError(get(errors, name));
  // A checkbox group with nothing ticked is an empty control ("required"), whatever react-hook-form holds for it.
  const value: unknown = getValues(name);
  const error = e ? fieldMessage(t, e, Array.isArray(value) || value === false ? (pickedList(value).length ? value : '') : value) : null;
  const id = `${prefix}-${name.replace(/\./g, '-')}`;
  return { id, error, control, register, aria: { 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(id, error, hint) } };
}

/**
 * One area picked from the division registry (issue 10: never typed): active divisions of `levels`,
 * grouped by parent, "name（code）"; the value held is kept even when retired. `emptyLabel` offers ''
 * (none: e.g. a county-wide entitlement).
 */
export function AreaSelectInput({ name, label, hint, levels = ['township'], emptyLabel }: { name: string; label: string; hint?: ReactNode; levels?: DivisionLevel[]; emptyLabel?: string }) {
  const c = useAreaControl(name, hint);
  const { t } = useAreasText();
  const directory = useAreaDirectory();
  const current = useWatch({ control: c.control, name }) as string | undefined;
  return (
    <Field id={c.id} label={label} error={c.error} hint={hint}>
      <select id={c.id} {...c.aria} {...c.register(name)}>
        <AreaOptions directory={directory} levels={levels} current={current || null} emptyLabel={emptyLabel ?? t('picker.none')} />
      </select>
    </Field>
  );
}

/**
 * Several townships picked from the registry (an event's affected townships): one checkbox each, grouped
 * by county in fieldsets named for the county, each labelled with the township's name and code. Retired
 * townships are offered only when already held (an old event keeps its list).
 */
export function AreaChecklistInput({ name, label, hint }: { name: string; label: string; hint?: ReactNode }) {
  const c = useAreaControl(name, hint);
  const { t } = useAreasText();
  const directory = useAreaDirectory();
  const held = pickedList(useWatch({ control: c.control, name }));
  const choices = directory?.choices(['township'], held) ?? [];
  const unknown = held.filter((code) => !choices.some((d) => d.code === code));
  const byCounty = new Map<string, string[]>();
  for (const d of choices) byCounty.set(d.parentCode ?? '', [...(byCounty.get(d.parentCode ?? '') ?? []), d.code]);
  if (unknown.length) byCounty.set('', [...(byCounty.get('') ?? []), ...unknown]);
  const box = (code: string) => {
    const a = directory?.label(code);
    return (
      <label key={code} className="check-option">
        <input type="checkbox" value={code} {...c.register(name)} /> {a?.known ? a.name : code}{' '}
        {a?.known && <span className="area-code">{code}</span>}
        {a?.retired && <span className="area-retired">{t('picker.retiredMark')}</span>}
      </label>
    );
  };
  return (
    <fieldset className={`area-checklist${c.error ? ' field-invalid' : ''}`} id={c.id} aria-describedby={c.aria['aria-describedby']}>
      <legend>{label}</legend>
      {directory === null && <p className="field-hint">{t('picker.loading')}</p>}
      {[...byCounty].map(([county, codes]) =>
        county ? (
          <fieldset key={county}>
            <legend>{directory!.label(county).known ? `${directory!.label(county).name}（${county}）` : county}</legend>
            {codes.map(box)}
          </fieldset>
        ) : (
          <div key="-">{codes.map(box)}</div>
        ),
      )}
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
