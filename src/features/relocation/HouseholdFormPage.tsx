import { useEffect, useState } from 'react';
import type { DefaultValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useFlash } from '../../app/flash';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-context';
import { todayInChina } from '../../shared/schema/id-number-field';
import { newHouseholdValues, type HouseholdFormValues } from './household-form';
import { HouseholdForm } from './HouseholdForm';
import { defaultEventId, useReferenceData } from './useReferenceData';

/** Register a new household (no id) or open, edit and save an existing one. */
export function HouseholdFormPage({ id, onDone }: { id?: string; onDone: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const { now, newId } = useServices();
  const flash = useFlash();
  const ref = useReferenceData(session);
  const [record, setRecord] = useState<DefaultValues<HouseholdFormValues> | null | 'missing'>(null);
  const [newRecordId] = useState(newId);

  useEffect(() => {
    if (!id) return;
    let live = true;
    session.households.get(id).then(
      (h) => live && setRecord(h ?? 'missing'),
      () => live && setRecord('missing'),
    );
    return () => {
      live = false;
    };
  }, [id, session]);

  if (record === 'missing') {
    return (
      <p>
        {t('household.notFound')}{' '}
        <button type="button" onClick={onDone}>
          {t('app.backToList')}
        </button>
      </p>
    );
  }
  // Reference data (and the record) load before the form mounts, so its defaults are complete.
  if (!ref || (id && !record)) return <p>{t('app.loading')}</p>;

  const defaults = id && record ? record : newHouseholdValues(newRecordId, now(), defaultEventId(ref.events));
  return (
    <HouseholdForm
      title={id ? t('household.editTitle') : t('household.register')}
      defaultValues={defaults}
      events={ref.events}
      sites={ref.sites}
      today={todayInChina(now())}
      onSave={async (household) => {
        await session.households.save(household);
        flash(t('app.saved'));
        onDone();
      }}
      onCancel={onDone}
    />
  );
}
