import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/rules/china-time';
import { useSession } from '../../app/session-context';
import type { HouseholdListItem } from '../../db/contracts';
import { paths } from '../../app/useHashRoute';
import { RevealIdNumber } from '../../app/RevealIdNumber';
import { RecordSyncState } from './RecordSyncState';
import { useHouseholdPage } from './useHouseholdPage';
import { useReferenceData } from './useReferenceData';

/** Displaced households on this tablet, searchable by name, pinyin initials, village or ID number; ID numbers masked. */
export function HouseholdListPage({ onRegister }: { onRegister: () => void }) {
  const { t } = useTranslation();
  const { t: tn } = useTranslation('relocationNav');
  const session = useSession();
  const id = useId();
  const [text, setText] = useState('');
  const { items, more, showMore } = useHouseholdPage(session, text);
  const ref = useReferenceData(session);
  const siteNames = useMemo(() => new Map(ref?.sites.map((s) => [s.id, s.name])), [ref]);
  // Where the household is now: a transfer moves it to another site (and from dispersed to centralised).
  const placementText = (h: HouseholdListItem) => {
    const site = h.currentSiteId ?? (h.placement === 'centralised' ? h.shelterSiteId : null);
    const name = site ? siteNames.get(site) : undefined;
    if (site && (h.placement === 'centralised' || site !== h.shelterSiteId)) {
      return name ? tn('list.currentSite', { site: name }) : t('household.placementKind.centralised');
    }
    return t(`household.placementKind.${h.placement}`);
  };

  return (
    <section className="household-list" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h2 id={`${id}-title`}>{t('household.listTitle')}</h2>
        <button type="button" className="primary" onClick={onRegister}>
          {t('household.register')}
        </button>
      </div>
      <div className="field search">
        <label htmlFor={`${id}-q`}>{t('household.search')}</label>
        <input
          id={`${id}-q`}
          type="search"
          placeholder={t('household.searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {items === null ? (
        <p>{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p className="empty">{text.trim() ? t('household.noMatch') : t('household.empty')}</p>
      ) : (
        <>
          <p className="count" aria-live="polite">
            {more ? t('household.countMore', { count: items.length }) : t('household.count', { count: items.length })}
          </p>
          <table className="records">
            <thead>
              <tr>
                <th scope="col">{t('household.col.head')}</th>
                <th scope="col">{t('household.col.idNumber')}</th>
                <th scope="col">{t('household.col.members')}</th>
                <th scope="col">{t('household.col.village')}</th>
                <th scope="col">{t('household.col.placement')}</th>
                <th scope="col">{t('household.col.checkIn')}</th>
                <th scope="col">{t('household.col.state')}</th>
                <th scope="col">{tn('list.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((h) => (
                <tr key={h.id} className={h.checkedOut ? 'checked-out' : undefined}>
                  <th scope="row" data-label={t('household.col.head')}>
                    <a href={paths.householdEdit(h.id)}>{h.headName}</a>
                  </th>
                  <td data-label={t('household.col.idNumber')} className="id-masked">
                    <RevealIdNumber entity="household" recordId={h.id} masked={h.headIdMasked} name={h.headName} />
                  </td>
                  <td data-label={t('household.col.members')}>{h.membersCount}</td>
                  <td data-label={t('household.col.village')}>{h.village}</td>
                  <td data-label={t('household.col.placement')}>
                    {placementText(h)}
                  </td>
                  <td data-label={t('household.col.checkIn')}>
                    {formatDateTime(h.checkInAt)}
                    {h.checkedOut && <span className="tag"> {t('household.checkedOut')}</span>}
                  </td>
                  <td data-label={t('household.col.state')}>
                    <RecordSyncState item={h} />
                  </td>
                  <td data-label={tn('list.actions')}>
                    <a href={paths.reliefHousehold(h.id)} aria-label={tn('list.reliefFor', { name: h.headName })}>
                      {tn('list.relief')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {more && (
            <button type="button" className="more" onClick={showMore} aria-label={t('household.showMoreLabel', { count: items.length })}>
              {t('household.showMore')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
