import { useEffect, useId, useState } from 'react';
import { useFormContext, useFormState, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { describedBy, Field } from '../../app/Field';
import { useSession } from '../../app/session-context';
import type { HouseholdListItem } from '../../db/contracts';
import { ageOn, maskIdNumber, validateIdNumber } from '../../shared/rules/id-number';
import type { HouseholdFormValues } from './household-form';

/**
 * The head's ID number, checked as it is typed (once 18 characters are in, or on blur) with the
 * specific message for each failure (id-number.md), the derived sex and birth date, and a warning —
 * not a block — when the number is already registered on this tablet.
 */
export function IdNumberField({ today, currentId }: { today: string; currentId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const id = useId();
  const { t: ta } = useTranslation('adminNav');
  const { register, control, formState } = useFormContext<HouseholdFormValues>();
  // privacy.md §3: a stored record's number stays masked until the worker deliberately shows it (logged).
  const stored = formState.defaultValues?.head?.idNumber ?? '';
  const [masked, setMasked] = useState(() => !!stored);
  const value = useWatch({ control, name: 'head.idNumber' }) ?? '';
  const oldFormat = !!useWatch({ control, name: 'head.idOldFormat' });
  const { touchedFields, submitCount } = useFormState({ control, name: 'head.idNumber' });
  const trimmed = value.trim();
  const result = trimmed ? validateIdNumber(trimmed, { today, oldFormat }) : null;
  const show = trimmed.length >= 18 || !!touchedFields.head?.idNumber || submitCount > 0;

  let error: string | null = null;
  if (show && !result) error = t('validation.required');
  else if (show && result && !result.ok) {
    // A wrong check character means some digit is wrong, not necessarily the last: the message never names
    // the expected character (issue 13 item 8).
    error = t(`validation.${result.error}`);
  }

  const normalized = result?.ok ? result.normalized : null;
  const [duplicates, setDuplicates] = useState<HouseholdListItem[]>([]);
  useEffect(() => {
    setDuplicates([]);
    if (!normalized) return;
    let live = true;
    session.households.findByIdNumber(normalized).then(
      (found) => live && setDuplicates(found.filter((h) => h.id !== currentId)),
      () => {}, // the duplicate check is advice; a failure must not block registration
    );
    return () => {
      live = false;
    };
  }, [normalized, session, currentId]);

  const derived =
    !masked &&
    result?.ok &&
    t('household.derived', { sex: t(`household.sex.${result.sex}`), birthDate: result.birthDate, age: ageOn(result.birthDate, today) });
  const hint =
    derived || duplicates.length > 0 ? (
      <>
        {derived && <p className="derived">{derived}</p>}
        {duplicates.length > 0 && (
          <p className="warning" role="alert">
            {t('household.duplicate', {
              list: duplicates.map((d) => `${d.headName}（${d.headIdMasked}，${d.village}）`).join('、'),
            })}
          </p>
        )}
      </>
    ) : null;

  return (
    <>
      <Field id={id} label={t('household.idNumber')} error={error} hint={hint}>
        {masked ? (
          <span className="id-reveal">
            <input id={id} value={maskIdNumber(stored)} readOnly aria-describedby={describedBy(id, error, hint)} />
            <button
              type="button"
              className="link-button"
              aria-label={ta('reveal.showLabel', { name: formState.defaultValues?.head?.name ?? '' })}
              onClick={() => {
                session.privacy.revealIdNumber('household', currentId).then(
                  (v) => v && setMasked(false),
                  () => {},
                );
              }}
            >
              {ta('reveal.show')}
            </button>
          </span>
        ) : (
          <input
            id={id}
            {...register('head.idNumber')}
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
          <input id={`${id}-old`} type="checkbox" {...register('head.idOldFormat')} />
          <label htmlFor={`${id}-old`}>{t('household.idOldFormat')}</label>
        </div>
      )}
    </>
  );
}
