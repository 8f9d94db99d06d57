import { useDashboardText } from '../../i18n/dashboard.texts';
import { useReliefText } from '../../i18n/relief.texts';
import type {
  DashboardFigureRecord, DashboardFigureRecordsResponse, DashboardFlagRecord, DashboardFlagRecordsResponse, DashboardHandoutRecord, DashboardHandoutRecordsResponse, DashboardReliefAmount,
} from '../../shared/protocol/dashboard';
import { formatDateTime } from '../../shared/rules/china-time';
import { DashboardTable, type DashboardColumn } from './DashboardTable';
import { formatNumber } from './formats';

/**
 * The tables of the records page (FigureRecordsPage, SPEC D8, D10): households, hand-outs, open flags.
 * Each row's header is the head of household (the only personal field, with the village and people).
 */

function useAmount() {
  const { i18n } = useDashboardText();
  const { t: tRelief } = useReliefText();
  const lang = i18n.language;
  return {
    item: (h: DashboardReliefAmount) => tRelief(`items.${h.kind}`),
    given: (h: DashboardReliefAmount) => (h.category === 'cash' ? `¥${formatNumber(h.fen / 100, lang)}` : `${formatNumber(h.quantity, lang)} ${h.unit}`),
  };
}

export function HouseholdsTable({ data, caption }: { data: DashboardFigureRecordsResponse; caption: string }) {
  const { t, i18n } = useDashboardText();
  const lang = i18n.language;
  const columns: DashboardColumn<DashboardFigureRecord>[] = [
    { label: t('township'), cell: (r) => data.townshipNames[r.township] ?? r.township },
    { label: t('records.people'), cell: (r) => formatNumber(r.people, lang) },
    { label: t('records.village'), cell: (r) => r.village || '—' },
    { label: t('records.placement'), cell: (r) => (r.evacuation === 'evacuation' ? t('records.evacuated') : r.placement === 'centralised' ? t('records.centralised') : t('records.dispersed')) },
    { label: t('records.state'), cell: (r) => (r.current ? t('records.current') : t('records.left')) },
  ];
  return <DashboardTable caption={caption} head={t('records.head')} columns={columns} rows={data.records} rowKey={(r) => r.id} rowHeader={(r) => r.head || r.id} />;
}

export function HandoutsTable({ data, caption }: { data: DashboardHandoutRecordsResponse; caption: string }) {
  const { t, i18n } = useDashboardText();
  const lang = i18n.language;
  const amount = useAmount();
  const columns: DashboardColumn<DashboardHandoutRecord>[] = [
    { label: t('township'), cell: (h) => data.townshipNames[h.township] ?? h.township },
    { label: t('records.village'), cell: (h) => h.village || '—' },
    { label: t('records.item'), cell: (h) => amount.item(h) },
    { label: t('records.given'), cell: (h) => amount.given(h) },
    { label: t('records.value'), cell: (h) => formatNumber(h.fen / 100, lang) },
    { label: t('records.handedAt'), cell: (h) => formatDateTime(h.at) },
    { label: t('records.state'), cell: (h) => (h.corrected ? t('records.corrected') : t('records.asGiven')) },
  ];
  return <DashboardTable caption={caption} head={t('records.head')} columns={columns} rows={data.handouts} rowKey={(h) => h.id} rowHeader={(h) => h.head || h.householdId} />;
}

export function FlagsTable({ data, caption }: { data: DashboardFlagRecordsResponse; caption: string }) {
  const { t } = useDashboardText();
  const amount = useAmount();
  const town = (code: string) => data.townshipNames[code] ?? code;
  const columns: DashboardColumn<DashboardFlagRecord>[] = [
    { label: t('records.flag'), cell: (f) => t(`records.flagKinds.${f.kind}`) },
    {
      label: t('records.flagged'),
      cell: (f) => (
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
      ),
    },
    { label: t('records.openedAt'), cell: (f) => (f.openedAt ? formatDateTime(f.openedAt) : '—') },
  ];
  return <DashboardTable caption={caption} head={t('records.head')} columns={columns} rows={data.flags} rowKey={(f) => f.id} rowHeader={(f) => f.records.find((r) => r.head)?.head ?? f.id} />;
}
