import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFlash } from '../../app/flash';
import { useServices } from '../../app/services';
import { useNewRecordWord } from '../../app/useNewRecordWord';
import { useSession } from '../../app/session-context';
import { paths } from '../../app/useHashRoute';
import { useRelocationText } from '../../i18n/relocation.texts';
import type { DisplacedHousehold } from '../../shared/schema/displaced-household';
import { chinaDate } from '../../shared/rules/china-time';
import { newHouseholdValues, recordValues } from './household-form';
import { HouseholdForm } from './HouseholdForm';
import { rememberedSiteId, rememberSite } from './last-site';
import { StayPanel } from './StayPanel';
import { defaultEventId, sitesForEvent, useReferenceData } from './useReferenceData';

/** Register a new household (no id) or open, edit and save an existing one, with its transfers and check-out. */
export function HouseholdFormPage({ id, onDone }: { id?: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { t: tr } = useRelocationText();
  const session = useSession();
  const { now, newId } = useServices();
  const flash = useFlash();
  const ref = useReferenceData(session);
  const [record, setRecord] = useState<DisplacedHousehold | null | 'missing'>(null);
  const [newRecordId] = useState(newId);
  const [remembered] = useState(() => rememberedSiteId(session.user.id) ?? undefined);
  // Issue 18: a form opened for a new household says so on its saves until one has succeeded (SPEC O5).
  const firstSave = useNewRecordWord(!id);

  const load = useCallback(() => {
    if (!id) return () => {};
    let live = true;
    session.households.get(id).then(
      (h) => live && setRecord(h ?? 'missing'),
      () => live && setRecord('missing'),
    );
    return () => {
      live = false;
    };
  }, [id, session]);
  useEffect(load, [load]);

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

  const today = chinaDate(now());
  const eventId = defaultEventId(ref.events);
  // The remembered shelter only if it still takes households of the default event.
  const siteId = remembered && sitesForEvent(ref.sites, eventId, today).some((s) => s.id === remembered) ? remembered : undefined;
  const defaults = id && record ? recordValues(record) : newHouseholdValues(newRecordId, now(), eventId, siteId);
  return (
    <>
      <HouseholdForm
        title={id ? t('household.editTitle') : t('household.register')}
        defaultValues={defaults}
        events={ref.events}
        sites={ref.sites}
        today={today}
        newId={newId}
        siteRemembered={!id && !!siteId}
        onSave={async (household) => {
          // Transfers and the check-out are written by their own actions below: the stored ones win over
          // what the form loaded before them.
          const stored = id ? await session.households.get(id) : null;
          const next = { ...household };
          delete next.transfers;
          delete next.checkOut;
          if (stored?.transfers) next.transfers = stored.transfers;
          if (stored?.checkOut) next.checkOut = stored.checkOut;
          await firstSave((word) => session.households.save(next, word));
          if (!id && household.placement === 'centralised') rememberSite(session.user.id, household.shelterSiteId);
          flash(t('app.saved'));
          onDone();
        }}
        onCancel={onDone}
        footer={
          id && record ? (
            <>
              <StayPanel household={record} sites={ref.sites} now={now} onChanged={load} />
              <p>
                <a href={paths.reliefHousehold(record.id)}>{tr('form.relief')}</a>
              </p>
            </>
          ) : null
        }
      />
    </>
  );
}
