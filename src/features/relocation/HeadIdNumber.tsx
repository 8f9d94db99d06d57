import { useEffect, useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { IdNumberInput } from '../../app/IdNumberInput';
import { useSession } from '../../app/session-context';
import type { HouseholdListItem } from '../../db/contracts';
import { ageOn, maskIdNumber, validateIdNumber } from '../../shared/rules/id-number';
import type { HouseholdFormValues } from './household-form';

/**
 * The head's ID number (the shared control, app/IdNumberInput), required, with the derived sex and
 * birth date, and a warning — not a block — when the number is already registered on this tablet.
 */
export function HeadIdNumber({ today, currentId }: { today: string; currentId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const { t: ta } = useTranslation('adminNav');
  const { control, formState } = useFormContext<HouseholdFormValues>();
  // privacy.md §3: a stored record's number stays masked until the worker deliberately shows it (logged).
  const stored = formState.defaultValues?.head?.idNumber ?? '';
  const [masked, setMasked] = useState(() => !!stored);
  const value = (useWatch({ control, name: 'head.idNumber' }) ?? '').trim();
  const oldFormat = !!useWatch({ control, name: 'head.idOldFormat' });
  const result = value ? validateIdNumber(value, { today, oldFormat }) : null;
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

  return (
    <IdNumberInput
      name="head.idNumber"
      oldFormatName="head.idOldFormat"
      label={t('household.idNumber')}
      oldFormatLabel={t('household.idOldFormat')}
      today={today}
      required
      describe={(r) => (
        <p className="derived">
          {t('household.derived', { sex: t(`household.sex.${r.sex}`), birthDate: r.birthDate, age: ageOn(r.birthDate, today) })}
        </p>
      )}
      extraHint={
        duplicates.length > 0 && (
          <p className="warning" role="alert">
            {t('household.duplicate', {
              list: duplicates.map((d) => `${d.headName}（${d.headIdMasked}，${d.village}）`).join('、'),
            })}
          </p>
        )
      }
      masked={
        masked
          ? {
              value: maskIdNumber(stored),
              showText: ta('reveal.show'),
              showLabel: ta('reveal.showLabel', { name: formState.defaultValues?.head?.name ?? '' }),
              onShow: () => {
                session.privacy.revealIdNumber('household', currentId).then(
                  (v) => v && setMasked(false),
                  () => {},
                );
              },
            }
          : null
      }
    />
  );
}
