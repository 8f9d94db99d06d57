import { useCallback, useId, useMemo } from 'react';
import { paths } from '../../app/useHashRoute';
import { useDashboardText } from '../../i18n/dashboard.texts';
import { useReliefText } from '../../i18n/relief.texts';
import type { DashboardOverviewResponse } from '../../shared/protocol/dashboard';
import { DashboardTable, type DashboardColumn } from './DashboardTable';
import { EChart } from './EChart';
import type { ECOption } from './echarts-setup';
import { entitlementOf, reliefLines, roundReach } from './relief-figures';
import { formatNumber } from './formats';
import { figureHref } from './figures';

/**
 * Relief against the entitlements by township and round (SPEC D8): households each round reached and not
 * yet reached (a stacked bar per round), and the table of what was handed out of each item beside the
 * entitlement per household and what that entitlement comes to for the households counted.
 */
export function ReliefSection({ data, eventId }: { data: DashboardOverviewResponse; eventId: string }) {
  const { t, i18n } = useDashboardText();
  const { t: tRelief } = useReliefText();
  const id = useId();
  const lang = i18n.language;
  const reach = useMemo(() => roundReach(data), [data]);
  const lines = useMemo(() => reliefLines(data), [data]);
  const name = (code: string) => data.townshipNames[code] ?? code;
  // Each figure opens the records it counts (SPEC D10): a round's hand-outs, the households it has not reached.
  const handouts = useCallback((township: string, round: string, item?: string) => figureHref(eventId, data.report.at, { kind: 'relief', township, round, ...(item ? { item } : {}) }), [eventId, data.report.at]);
  const notReached = useCallback((township: string, round: string) => figureHref(eventId, data.report.at, { kind: 'not-reached', township, round }), [eventId, data.report.at]);
  const chart = useMemo(() => ({ rounds: [...new Set(reach.map((r) => r.round))], townships: [...new Set(reach.map((r) => r.township))] }), [reach]);
  const onPick = useCallback((i: number, series: number) => {
    // The series are each round's reached then not-reached bars, the categories the townships.
    const township = chart.townships[i];
    const round = chart.rounds[Math.floor(series / 2)];
    if (township && round) window.location.hash = series % 2 === 0 ? handouts(township, round) : notReached(township, round);
  }, [chart, handouts, notReached]);
  const option = useMemo<ECOption>(() => {
    const { rounds, townships } = chart;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatNumber(Number(v), lang) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 56, bottom: 32 },
      xAxis: { type: 'category', data: townships.map((c) => data.townshipNames[c] ?? c) },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => formatNumber(v, lang) } },
      series: rounds.flatMap((round) => [
        { type: 'bar', stack: round, name: `${t('relief.roundName', { round })} ${t('relief.reached')}`, data: townships.map((tw) => reach.find((r) => r.township === tw && r.round === round)?.reached ?? 0) },
        { type: 'bar', stack: round, name: `${t('relief.roundName', { round })} ${t('relief.notReached')}`, data: townships.map((tw) => reach.find((r) => r.township === tw && r.round === round)?.notReached ?? 0) },
      ]),
    };
  }, [chart, reach, lang, t, data.townshipNames]);
  const money = (yuan: number) => `¥${formatNumber(yuan, lang)}`;
  const amount = (l: (typeof lines)[number]) => (l.category === 'cash' ? money(l.fen / 100) : `${formatNumber(l.quantity, lang)} ${l.unit}`);
  const standard = (l: (typeof lines)[number]) => {
    const e = entitlementOf(data.entitlements, l.township, l.round, l.kind);
    if (!e) return t('relief.standardNone');
    return [e.maxQuantity !== null ? `${formatNumber(e.maxQuantity, lang)} ${e.unit ?? l.unit}` : null, e.maxValueYuan !== null ? money(e.maxValueYuan) : null].filter(Boolean).join(' / ');
  };
  const entitled = (l: (typeof lines)[number]) => {
    const e = entitlementOf(data.entitlements, l.township, l.round, l.kind);
    if (!e) return '—';
    const n = l.counted;
    if (l.category === 'cash' || e.maxQuantity === null) return e.maxValueYuan !== null ? money(e.maxValueYuan * n) : '—';
    return `${formatNumber(e.maxQuantity * n, lang)} ${e.unit ?? l.unit}`;
  };
  const share = (reached: number, counted: number) => (counted ? `${formatNumber(Math.round((reached / counted) * 1000) / 10, lang)}%` : '—');
  const reachColumns: DashboardColumn<(typeof reach)[number]>[] = [
    {
      label: t('relief.round'),
      cell: (r) => (
        <a href={handouts(r.township, r.round)} aria-label={t('relief.handoutsOf', { name: name(r.township), round: r.round })}>
          {t('relief.roundName', { round: r.round })}
        </a>
      ),
    },
    { label: t('relief.counted'), cell: (r) => formatNumber(r.counted, lang) },
    { label: t('relief.reached'), cell: (r) => formatNumber(r.reached, lang) },
    {
      label: t('relief.notReached'),
      cell: (r) => (
        <a href={notReached(r.township, r.round)} aria-label={`${t('relief.notReachedOf', { name: name(r.township), round: r.round })}：${formatNumber(r.notReached, lang)}`}>
          {formatNumber(r.notReached, lang)}
        </a>
      ),
    },
    { label: t('relief.share'), cell: (r) => share(r.reached, r.counted) },
  ];
  const lineColumns: DashboardColumn<(typeof lines)[number]>[] = [
    { label: t('relief.round'), cell: (l) => t('relief.roundName', { round: l.round }) },
    { label: t('relief.item'), cell: (l) => tRelief(`items.${l.kind}`) },
    {
      label: t('relief.given'),
      cell: (l) => (
        <a href={handouts(l.township, l.round, l.kind)} aria-label={`${t('relief.itemHandoutsOf', { name: name(l.township), round: l.round, item: tRelief(`items.${l.kind}`) })}：${amount(l)}`}>
          {amount(l)}
        </a>
      ),
    },
    { label: t('relief.value'), cell: (l) => <a href={handouts(l.township, l.round, l.kind)}>{formatNumber(l.fen / 100, lang)}</a> },
    { label: t('relief.households'), cell: (l) => <a href={handouts(l.township, l.round, l.kind)}>{formatNumber(l.households, lang)}</a> },
    { label: t('relief.standard'), cell: (l) => standard(l) },
    { label: t('relief.entitled'), cell: (l) => entitled(l) },
  ];
  return (
    <section className="dashboard-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('relief.title')}</h3>
      {reach.length === 0 && <p>{t('relief.none')}</p>}
      {reach.length > 0 && <EChart option={option} label={t('relief.caption')} loadingText={t('chartLoading')} failedText={t('chartFailed')} onPick={onPick} />}
      {reach.length > 0 && (
      <details open>
        <summary>{t('tableView', { name: t('relief.title') })}</summary>
        <div className="table-scroll">
          <DashboardTable caption={t('relief.reachCaption')} head={t('township')} columns={reachColumns} rows={reach} rowKey={(r) => `${r.township}-${r.round}`} rowHeader={(r) => (
            <a href={paths.dashboardTownship(r.township, eventId)} aria-label={t('relief.recordsOf', { name: name(r.township), round: r.round })}>
              {name(r.township)}
            </a>
          )} />
          {lines.length > 0 && (
            <DashboardTable caption={t('relief.linesCaption')} head={t('township')} columns={lineColumns} rows={lines} rowKey={(l) => `${l.township}-${l.round}-${l.kind}-${l.unit}`} rowHeader={(l) => name(l.township)} />
          )}
        </div>
      </details>
      )}
    </section>
  );
}
