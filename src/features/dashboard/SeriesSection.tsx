import { useCallback, useId, useMemo } from 'react';
import { paths } from '../../app/useHashRoute';
import { useDashboardText } from '../../i18n/dashboard.texts';
import { DashboardTable, type DashboardColumn } from './DashboardTable';
import { EChart } from './EChart';
import type { ECOption } from './echarts-setup';
import type { DayTotals } from './figures';
import { formatDay, formatNumber } from './formats';

const DAY_MS = 86_400_000;

/** The instant a day's figures are counted at: its last millisecond (China time), or the report's time on its own day. */
export function dayInstant(day: string, reportAt: string): string {
  const end = new Date(Date.parse(`${day}T00:00:00+08:00`) + DAY_MS - 1).toISOString();
  return Date.parse(end) < Date.parse(reportAt) ? end : new Date(Date.parse(reportAt)).toISOString();
}

/**
 * Relocated people by day (all townships): a line chart and the same numbers as a table; each day links
 * to the households counted then (SPEC D8).
 */
export function SeriesSection({ days, eventId, reportAt }: { days: DayTotals[]; eventId: string; reportAt: string }) {
  const { t, i18n } = useDashboardText();
  const id = useId();
  const lang = i18n.language;
  const cols = useMemo(
    () =>
      [
        ['cumulative', t('series.cumulative')],
        ['current', t('series.current')],
        ['centralised', t('series.centralised')],
        ['dispersed', t('series.dispersed')],
      ] as const,
    [t],
  );
  const option = useMemo<ECOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatNumber(Number(v), lang) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: days.map((d) => formatDay(d.day, lang)) },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => formatNumber(v, lang) } },
      series: cols.map(([key, name]) => ({ type: 'line', name, data: days.map((d) => d[key]), symbolSize: 6 })),
    }),
    [days, lang, cols],
  );
  const hrefOf = useCallback((day: string) => paths.dashboardRecords(eventId, { at: dayInstant(day, reportAt), day }), [eventId, reportAt]);
  const onPick = useCallback((i: number) => {
    const d = days[i];
    if (d) window.location.hash = hrefOf(d.day);
  }, [days, hrefOf]);
  const columns = cols.map(([key, name]): DashboardColumn<DayTotals> => ({ label: name, cell: (d) => <a href={hrefOf(d.day)}>{formatNumber(d[key], lang)}</a> }));
  return (
    <section className="dashboard-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('series.title')}</h3>
      <EChart option={option} label={t('series.caption')} loadingText={t('chartLoading')} failedText={t('chartFailed')} onPick={onPick} />
      <details>
        <summary>{t('tableView', { name: t('series.title') })}</summary>
        <div className="table-scroll">
          <DashboardTable caption={t('series.caption')} head={t('day')} columns={columns} rows={days} rowKey={(d) => d.day} rowHeader={(d) => (
            <a href={hrefOf(d.day)} aria-label={t('series.recordsOf', { day: formatDay(d.day, lang) })}>
              {formatDay(d.day, lang)}
            </a>
          )} />
        </div>
      </details>
    </section>
  );
}
