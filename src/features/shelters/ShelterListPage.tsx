import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/rules/china-time';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-context';
import { useRelocationText } from '../../i18n/relocation.texts';
import { defaultEventId, useReferenceData } from '../relocation/useReferenceData';
import { useShelterOccupancy } from './useShelterOccupancy';

/**
 * The event's shelter sites with who is there now on this tablet's records: people and households,
 * capacity, floor area and space per person against the Sphere minimum of 3.5 m² (flagged below it).
 */
export function ShelterListPage() {
  const { t } = useRelocationText();
  const { t: tApp } = useTranslation();
  const session = useSession();
  const { now } = useServices();
  const id = useId();
  const ref = useReferenceData(session);
  const [chosen, setChosen] = useState<string | null>(null);
  const eventId = chosen ?? (ref ? defaultEventId(ref.events) ?? ref.events[0]?.id : undefined);
  const occupancy = useShelterOccupancy(session, ref?.sites ?? EMPTY, eventId, now);

  if (!ref || !occupancy) return <p>{tApp('app.loading')}</p>;
  return (
    <section className="shelters" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('shelters.title')}</h2>
      {ref.events.length === 0 ? (
        <p className="empty">{t('shelters.noEvent')}</p>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-event`}>{t('shelters.event')}</label>
          <select id={`${id}-event`} value={eventId ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {ref.events.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <p className="field-hint">
        {t('shelters.basis', { time: formatDateTime(occupancy.at) })} {t('shelters.sphere')}
      </p>
      {occupancy.rows.some((o) => o.duplicatesRemoved > 0) && <p className="field-hint">{t('headCounts.duplicatesExplain')}</p>}
      {occupancy.rows.length === 0 ? (
        <p className="empty">{t('shelters.empty')}</p>
      ) : (
        <table className="records shelter-table">
          <thead>
            <tr>
              <th scope="col">{t('shelters.col.name')}</th>
              <th scope="col">{t('shelters.col.type')}</th>
              <th scope="col">{t('shelters.col.people')}</th>
              <th scope="col">{t('shelters.col.households')}</th>
              <th scope="col">{t('shelters.col.capacity')}</th>
              <th scope="col">{t('shelters.col.area')}</th>
              <th scope="col">{t('shelters.col.perPerson')}</th>
              <th scope="col">{t('shelters.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {occupancy.rows.map((o) => {
              const site = ref.sites.find((s) => s.id === o.siteId)!;
              return (
                <tr key={o.siteId} className={o.meetsSphere && !o.overCapacity ? undefined : 'site-alert'}>
                  <th scope="row" data-label={t('shelters.col.name')}>
                    {o.name}
                  </th>
                  <td data-label={t('shelters.col.type')}>{t(`shelters.types.${site.type}`)}</td>
                  <td data-label={t('shelters.col.people')}>
                    {o.people}
                    {o.duplicatesRemoved > 0 && <span className="field-hint"> {t('headCounts.duplicatesRemoved', { count: o.duplicatesRemoved })}</span>}
                  </td>
                  <td data-label={t('shelters.col.households')}>{o.households}</td>
                  <td data-label={t('shelters.col.capacity')}>
                    {o.capacity}
                    {o.overCapacity && <span className="tag tag-alert"> {t('shelters.overCapacity')}</span>}
                  </td>
                  <td data-label={t('shelters.col.area')}>{o.floorArea}</td>
                  <td data-label={t('shelters.col.perPerson')}>
                    {o.m2PerPerson ?? t('shelters.noPeople')}{' '}
                    <span className={o.meetsSphere ? 'tag tag-ok' : 'tag tag-alert'}>{o.meetsSphere ? t('shelters.meetsSphere') : t('shelters.belowSphere')}</span>
                    <span className="field-hint"> {t('shelters.sphereMax', { count: o.sphereMaxPeople })}</span>
                  </td>
                  <td data-label={t('shelters.col.status')}>{o.open ? t('shelters.open') : t('shelters.closed')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

const EMPTY: never[] = [];
