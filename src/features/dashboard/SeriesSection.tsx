import { useId, useMemo } from 'react';
import { useDashboardText } from '../../i18n/dashboard.texts';
import { EChart } from './EChart';
import type { ECOption } from './echarts-setup';
import type { DayTotals } from './figures';
import { formatDay, formatNumber } from './formats';

/** Relocated people by day (all townships): a line chart and the same numbers as a table. */
export function SeriesSection({ days }: { days: DayTotals[] }) {
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
  return (
    <section className="dashboard-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('series.title')}</h3>
      <EChart option={option} label={t('series.caption')} loadingText={t('chartLoading')} failedText={t('chartFailed')} />
      <details>
        <summary>{t('tableView', { name: t('series.title') })}</summary>
        <div className="table-scroll">
          <table className="dashboard-table">
            <caption>{t('series.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('day')}</th>
                {cols.map(([key, name]) => (
                  <th scope="col" key={key}>
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{formatDay(d.day, lang)}</th>
                  {cols.map(([key, name]) => (
                    <td key={key} data-label={name}>
                      {formatNumber(d[key], lang)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
