import { useId, useMemo } from 'react';
import { paths } from '../../app/useHashRoute';
import { useDashboardText } from '../../i18n/dashboard.texts';
import { useReliefText } from '../../i18n/relief.texts';
import type { DashboardOverviewResponse } from '../../shared/protocol/dashboard';
import { EChart } from './EChart';
import type { ECOption } from './echarts-setup';
import { entitlementOf, reliefLines, roundReach } from './relief-figures';
import { formatNumber } from './formats';

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
  const option = useMemo<ECOption>(() => {
    const rounds = [...new Set(reach.map((r) => r.round))];
    const townships = [...new Set(reach.map((r) => r.township))];
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
  }, [reach, lang, t, data.townshipNames]);
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
  return (
    <section className="dashboard-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('relief.title')}</h3>
      {reach.length === 0 && <p>{t('relief.none')}</p>}
      {reach.length > 0 && <EChart option={option} label={t('relief.caption')} loadingText={t('chartLoading')} failedText={t('chartFailed')} />}
      {reach.length > 0 && (
      <details open>
        <summary>{t('tableView', { name: t('relief.title') })}</summary>
        <div className="table-scroll">
          <table className="dashboard-table">
            <caption>{t('relief.reachCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('township')}</th>
                <th scope="col">{t('relief.round')}</th>
                <th scope="col">{t('relief.counted')}</th>
                <th scope="col">{t('relief.reached')}</th>
                <th scope="col">{t('relief.notReached')}</th>
                <th scope="col">{t('relief.share')}</th>
              </tr>
            </thead>
            <tbody>
              {reach.map((r) => (
                <tr key={`${r.township}-${r.round}`}>
                  <th scope="row">
                    <a href={paths.dashboardTownship(r.township, eventId)} aria-label={t('relief.recordsOf', { name: name(r.township), round: r.round })}>
                      {name(r.township)}
                    </a>
                  </th>
                  <td data-label={t('relief.round')}>{t('relief.roundName', { round: r.round })}</td>
                  <td data-label={t('relief.counted')}>{formatNumber(r.counted, lang)}</td>
                  <td data-label={t('relief.reached')}>{formatNumber(r.reached, lang)}</td>
                  <td data-label={t('relief.notReached')}>{formatNumber(r.notReached, lang)}</td>
                  <td data-label={t('relief.share')}>{share(r.reached, r.counted)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {lines.length > 0 && (
            <table className="dashboard-table">
              <caption>{t('relief.linesCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('township')}</th>
                  <th scope="col">{t('relief.round')}</th>
                  <th scope="col">{t('relief.item')}</th>
                  <th scope="col">{t('relief.given')}</th>
                  <th scope="col">{t('relief.value')}</th>
                  <th scope="col">{t('relief.households')}</th>
                  <th scope="col">{t('relief.standard')}</th>
                  <th scope="col">{t('relief.entitled')}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={`${l.township}-${l.round}-${l.kind}-${l.unit}`}>
                    <th scope="row">{name(l.township)}</th>
                    <td data-label={t('relief.round')}>{t('relief.roundName', { round: l.round })}</td>
                    <td data-label={t('relief.item')}>{tRelief(`items.${l.kind}`)}</td>
                    <td data-label={t('relief.given')}>{amount(l)}</td>
                    <td data-label={t('relief.value')}>{formatNumber(l.fen / 100, lang)}</td>
                    <td data-label={t('relief.households')}>{formatNumber(l.households, lang)}</td>
                    <td data-label={t('relief.standard')}>{standard(l)}</td>
                    <td data-label={t('relief.entitled')}>{entitled(l)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </details>
      )}
    </section>
  );
}
