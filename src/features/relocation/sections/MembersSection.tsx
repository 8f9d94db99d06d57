import { useEffect, useState } from 'react';
import { useFieldArray, useFormContext, useFormState, useWatch } from 'react-hook-form';
import { useRelocationText } from '../../../i18n/relocation.texts';
import { AGE_BANDS } from '../../../shared/schema/displaced-household';
import type { HouseholdFormValues, MemberMode } from '../household-form';
import { optionalNumber, useFieldAria } from '../useFieldAria';
import { MemberRow } from './MemberRow';

const MODES: MemberMode[] = ['list', 'counts'];
const SEXES = ['male', 'female'] as const;

/**
 * The household's members: registered one by one (a repeat group), or counted by sex and age band when
 * there is no time or the people are not at the desk. The household size on the first screen stays the
 * headcount; a list longer than it is pointed out, with a one-tap fix.
 */
export function MembersSection({ prefix, today, newId }: { prefix: string; today: string; newId: () => string }) {
  const { t } = useRelocationText();
  const { register, control, setValue } = useFormContext<HouseholdFormValues>();
  const { fid } = useFieldAria(prefix);
  const mode = useWatch({ control, name: 'memberMode' }) ?? 'list';
  const { fields, append, remove } = useFieldArray({ control, name: 'members' });
  const rows = useWatch({ control, name: 'members' });
  const membersCount = useWatch({ control, name: 'membersCount' });
  const counts = useWatch({ control, name: 'memberCounts' });
  const counted = SEXES.reduce((s, sex) => s + AGE_BANDS.reduce((a, b) => a + (Number(counts?.[sex]?.[b]) || 0), 0), 0);
  const size = typeof membersCount === 'number' && !Number.isNaN(membersCount) ? membersCount : null;
  // Rows added since the last save attempt: quiet until the next one (issue 13 item 6). The form
  // re-validates on change after a failed save, and would otherwise paint a blank new row red.
  const { submitCount } = useFormState({ control });
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setFresh(new Set()), [submitCount]);

  return (
    <>
      <fieldset className="choices">
        <legend>{t('members.mode')}</legend>
        {MODES.map((m) => (
          <label key={m} className="choice">
            <input type="radio" value={m} {...register('memberMode')} />
            {t(`members.modes.${m}`)}
          </label>
        ))}
      </fieldset>
      <p className="field-hint">{t(mode === 'list' ? 'headCounts.listHint' : 'headCounts.countsHint')}</p>

      {mode === 'list' ? (
        <div className="members">
          {fields.length === 0 && <p className="empty">{t('members.empty')}</p>}
          {fields.map((f, i) => (
            <MemberRow key={f.id} index={i} prefix={prefix} today={today} onRemove={() => remove(i)} quiet={fresh.has(String(rows?.[i]?.id ?? ''))} />
          ))}
          {size !== null && fields.length > size && (
            <p className="warning" role="status">
              {t('members.countMismatch', { listed: fields.length, count: size })}{' '}
              <button type="button" className="link-button" onClick={() => setValue('membersCount', fields.length, { shouldDirty: true, shouldValidate: true })}>
                {t('members.useListedCount', { listed: fields.length })}
              </button>
            </p>
          )}
          <button
            type="button"
            onClick={() => {
              const id = newId();
              if (submitCount > 0) setFresh((s) => new Set(s).add(id));
              append({ id, name: '' } as never, { shouldFocus: true });
            }}
          >
            {t('members.add')}
          </button>
        </div>
      ) : (
        <div className="member-counts">
          <div className="field-grid">
            {SEXES.flatMap((sex) =>
              AGE_BANDS.map((band) => {
                const name = `memberCounts.${sex}.${band}` as const;
                return (
                  <div className="field" key={name}>
                    <label htmlFor={fid(name)}>{t('members.count', { sex: t(`members.sexes.${sex}`), band: t(`members.ageBands.${band}`) })}</label>
                    <input id={fid(name)} type="number" inputMode="numeric" min={0} {...register(name, { setValueAs: optionalNumber })} />
                  </div>
                );
              }),
            )}
          </div>
          <p className="count" role="status">
            {t('members.countsTotal', { total: counted })}
          </p>
        </div>
      )}
    </>
  );
}
