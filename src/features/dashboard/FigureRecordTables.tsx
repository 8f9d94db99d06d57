import { useDashboardText } from '../../i18n/dashboard.texts';
import { useReliefText } from '../../i18n/relief.texts';
import type { DashboardFigureRecordsResponse, DashboardFlagRecordsResponse, DashboardHandoutRecordsResponse } from '../../shared/protocol/dashboard';
import { formatDateTime } from '../../shared/rules/china-time';
import { formatNumber } from './formats';

/**
 * The tables of the records page (FigureRecordsPage, SPEC D8, D10): households, hand-outs, open flags.
 * Each row's header is the head of household (the only personal field, with the village and people).
 */

type Handout = { category: 'cash' | 'goods'; kind: string; unit: string; quantity: number; fen: number };

function useAmount() {
  const { i18n } = useDashboardText();
  const { t: tRelief } = useReliefText();
  const lang = i18n.language;
  return {
    item: (h: Handout) => tRelief(`items.${h.kind}`),
    given: (h: Handout) => (h.category === 'cash' ? `¥${formatNumber(h.fen / 100, lang)}` : `${formatNumber(h.quantity, lang)} ${h.unit}`),
  };
}

export function HouseholdsTable({ data, caption }: { data: DashboardFigureRecordsResponse; caption: string }) {
  const { t, i18n } = useDashboardText();
  const lang = i18n.language;
  return (
    <table className="dashboard-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('records.head')}</th>
          <th scope="col">{t('township')}</th>
          <th scope="col">{t('records.people')}</th>
          <th scope="col">{t('records.village')}</th>
          <th scope="col">{t('records.placement')}</th>
          <th scope="col">{t('records.state')}</th>
        </tr>
      </thead>
      <tbody>
        {data.records.map((r) => (
          <tr key={r.id}>
            <th scope="row">{r.head || r.id}</th>
            <td data-label={t('township')}>{data.townshipNames[r.township] ?? r.township}</td>
            <td data-label={t('records.people')}>{formatNumber(r.people, lang)}</td>
            <td data-label={t('records.village')}>{r.village || '—'}</td>
            <td data-label={t('records.placement')}>{r.evacuation === 'evacuation' ? t('records.evacuated') : r.placement === 'centralised' ? t('records.centralised') : t('records.dispersed')}</td>
            <td data-label={t('records.state')}>{r.current ? t('records.current') : t('records.left')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HandoutsTable({ data, caption }: { data: DashboardHandoutRecordsResponse; caption: string }) {
  const { t, i18n } = useDashboardText();
  const lang = i18n.language;
  const amount = useAmount();
  return (
    <table className="dashboard-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('records.head')}</th>
          <th scope="col">{t('township')}</th>
          <th scope="col">{t('records.village')}</th>
          <th scope="col">{t('records.item')}</th>
          <th scope="col">{t('records.given')}</th>
          <th scope="col">{t('records.value')}</th>
          <th scope="col">{t('records.handedAt')}</th>
          <th scope="col">{t('records.state')}</th>
        </tr>
      </thead>
      <tbody>
        {data.handouts.map((h) => (
          <tr key={h.id}>
            <th scope="row">{h.head || h.householdId}</th>
            <td data-label={t('township')}>{data.townshipNames[h.township] ?? h.township}</td>
            <td data-label={t('records.village')}>{h.village || '—'}</td>
            <td data-label={t('records.item')}>{amount.item(h)}</td>
            <td data-label={t('records.given')}>{amount.given(h)}</td>
            <td data-label={t('records.value')}>{formatNumber(h.fen / 100, lang)}</td>
            <td data-label={t('records.handedAt')}>{formatDateTime(h.at)}</td>
            <td data-label={t('records.state')}>{h.corrected ? t('records.corrected') : t('records.asGiven')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FlagsTable({ data, caption }: { data: DashboardFlagRecordsResponse; caption: string }) {
  const { t } = useDashboardText();
  const amount = useAmount();
  const town = (code: string) => data.townshipNames[code] ?? code;
  return (
    <table className="dashboard-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('records.head')}</th>
          <th scope="col">{t('records.flag')}</th>
          <th scope="col">{t('records.flagged')}</th>
          <th scope="col">{t('records.openedAt')}</th>
        </tr>
      </thead>
      <tbody>
        {data.flags.map((f) => (
          <tr key={f.id}>
            <th scope="row">{f.records.find((r) => r.head)?.head ?? f.id}</th>
            <td data-label={t('records.flag')}>{t(`records.flagKinds.${f.kind}`)}</td>
            <td data-label={t('records.flagged')}>
              <ul className="flagged-records">
                {f.records.map((r) => (
                  <li key={r.id}>
                    {[
                      r.head || r.id, town(r.township), r.village || null,
                      r.entity === 'relief' ? (r.handout ? `${amount.item(r.handout)} ${amount.given(r.handout)} ${formatDateTime(r.handout.at)}` : t('records.voided')) : null,
                    ].filter(Boolean).join(' · ')}
                  </li>
                ))}
              </ul>
            </td>
            <td data-label={t('records.openedAt')}>{f.openedAt ? formatDateTime(f.openedAt) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
