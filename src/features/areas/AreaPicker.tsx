import type { SelectHTMLAttributes } from 'react';
import { useAreasText } from '../../i18n/areas.texts';
import type { DivisionLevel } from '../../shared/schema/division';
import type { AreaDirectory } from './area-directory';

export interface AreaOptionsProps {
  directory: AreaDirectory | null;
  levels: readonly DivisionLevel[];
  /** The value now held: kept as a choice (marked 已停用) even when retired, so an old record still shows it. */
  current?: string | null;
  /** The text of the empty choice ('' value); none when the field must be picked. */
  emptyLabel?: string;
}

/**
 * The <option>s of an area picker: active divisions of the levels asked, grouped under their parent
 * (names repeat: 清河镇 of 安平县 and of 东丰县), each "name（code）"; retired ones hidden unless held.
 * A code the registry does not know (held from before) is still offered as itself, so nothing is lost
 * by opening a form.
 */
export function AreaOptions({ directory, levels, current, emptyLabel }: AreaOptionsProps) {
  const { t } = useAreasText();
  const keep = current ? [current] : [];
  const choices = directory?.choices(levels, keep) ?? [];
  const groups = new Map<string, typeof choices>();
  for (const d of choices) groups.set(d.parentCode ?? '', [...(groups.get(d.parentCode ?? '') ?? []), d]);
  const unknown = current && !choices.some((d) => d.code === current) ? current : null;
  const text = (code: string) => {
    const a = directory!.label(code);
    return `${a.name}（${code}）${a.retired ? ` ${t('picker.retiredMark')}` : ''}${a.provisional ? ` ${t('picker.provisionalMark')}` : ''}`;
  };
  return (
    <>
      {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
      {unknown && <option value={unknown}>{unknown}</option>}
      {[...groups].map(([parent, list]) => {
        const options = list.map((d) => (
          <option key={d.code} value={d.code}>
            {text(d.code)}
          </option>
        ));
        return parent ? (
          <optgroup key={parent} label={directory!.label(parent).known ? `${directory!.label(parent).name}（${parent}）` : parent}>
            {options}
          </optgroup>
        ) : (
          options
        );
      })}
    </>
  );
}

/** A labelled <select> of areas (controlled). The label is the caller's <label htmlFor={id}>. */
export function AreaPicker({
  directory, levels, value, onChange, emptyLabel, ...rest
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & Omit<AreaOptionsProps, 'current'> & { value: string; onChange: (code: string) => void }) {
  const { t } = useAreasText();
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)} aria-busy={directory === null || undefined}>
      {directory === null ? <option value={value}>{value || t('picker.loading')}</option> : <AreaOptions directory={directory} levels={levels} current={value || null} emptyLabel={emptyLabel} />}
    </select>
  );
}
