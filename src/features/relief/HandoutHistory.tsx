import { formatDateTime } from '../../shared/rules/china-time';
import type { ReliefListItem } from '../../db/contracts';
import { useReliefText } from '../../i18n/relief.texts';
import { RecordSyncState } from '../relocation/RecordSyncState';

/** Hand-outs as a table: time, round, item, quantity, value, payment, who received, who issued, sync state. */
export function HandoutHistory({ items, headNames }: { items: ReliefListItem[]; headNames?: Map<string, string> }) {
  const { t } = useReliefText();
  return (
    <table className="records handouts">
      <thead>
        <tr>
          <th scope="col">{t('col.at')}</th>
          {headNames && <th scope="col">{t('col.household')}</th>}
          <th scope="col">{t('col.round')}</th>
          <th scope="col">{t('col.item')}</th>
          <th scope="col">{t('col.quantity')}</th>
          <th scope="col">{t('col.value')}</th>
          <th scope="col">{t('col.payment')}</th>
          <th scope="col">{t('col.receiver')}</th>
          <th scope="col">{t('col.officer')}</th>
          <th scope="col">{t('col.state')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((h) => (
          <tr key={h.id}>
            <td data-label={t('col.at')}>{formatDateTime(h.at)}</td>
            {headNames && <td data-label={t('col.household')}>{headNames.get(h.householdId) ?? ''}</td>}
            <td data-label={t('col.round')}>{h.round}</td>
            <td data-label={t('col.item')}>{t(`items.${h.itemKind}`)}</td>
            <td data-label={t('col.quantity')}>
              {h.quantity} {h.unit}
            </td>
            <td data-label={t('col.value')}>{h.cashValue}</td>
            <td data-label={t('col.payment')}>{t(`payments.${h.payment}`)}</td>
            <td data-label={t('col.receiver')}>
              {h.proxy ? t('receiver.proxy', { name: h.proxy.name, relation: h.proxy.relation }) : t('receiver.head')} · {t(`confirmations.${h.confirmation}`)}
            </td>
            <td data-label={t('col.officer')}>{h.issuingOfficer}</td>
            <td data-label={t('col.state')}>
              <RecordSyncState item={h} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
