import { useId, useMemo } from 'react';
import { paths } from '../../app/useHashRoute';
import { useDashboardText } from '../../i18n/dashboard.texts';
import { EChart } from './EChart';
import type { ECOption } from './echarts-setup';
import type { TownshipRow } from './figures';
import { formatNumber } from './formats';

type Key = Exclude<keyof TownshipRow, 'township' | 'name'>;

/**
 * By township at the chosen time: centralised and dispersed people now and households not reached, as
 * bars; the table holds every figure, each a link to the township's records behind it.
 */
export function TownshipSection({ rows, eventId }: { rows: TownshipRow[]; eventId: string }) {
  const { t, i18n } = useDashboardText();
  const id = useId();
  const lang = i18n.language;
  const cols: [Key, string][] = [
    ['cumulative', t('townships.cumulative')],
    ['current', t('townships.current')],
    ['centralised', t('townships.centralised')],
    ['dispersed', t('townships.dispersed')],
    ['households', t('townships.households')],
    ['notReached', t('townships.notReached')],
    ['duplicateFlags', t('townships.flagsDuplicate')],
    ['doubleHandoutFlags', t('townships.flagsDouble')],
  ];
  const option = useMemo<ECOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatNumber(Number(v), lang) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: rows.map((r) => r.name) },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => formatNumber(v, lang) } },
      series: [
        { type: 'bar', stack: 'people', name: t('townships.centralised'), data: rows.map((r) => r.centralised) },
        { type: 'bar', stack: 'people', name: t('townships.dispersed'), data: rows.map((r) => r.dispersed) },
        { type: 'bar', name: t('townships.notReached'), data: rows.map((r) => r.notReached) },
      ],
    }),
    [rows, lang, t],
  );
  const total = (k: Key) => rows.reduce((s, r) => s + r[k], 0);
  return (
    <section className="dashboard-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('townships.title')}</h3>
      <EChart option={option} label={t('townships.caption')} loadingText={t('chartLoading')} failedText={t('chartFailed')} />
      <details open>
        <summary>{t('tableView', { name: t('townships.title') })}</summary>
        <div className="table-scroll">
          <table className="dashboard-table">
            <caption>{t('townships.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('township')}</th>
                {cols.map(([key, name]) => (
                  <th scope="col" key={key}>
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const href = paths.dashboardTownship(r.township, eventId);
                return (
                  <tr key={r.township}>
                    <th scope="row">
                      <a href={href} aria-label={t('townships.recordsOf', { name: r.name })}>
                        {r.name}
                      </a>
                    </th>
                    {cols.map(([key, name]) => (
                      <td key={key} data-label={name}>
                        <a href={href}>{formatNumber(r[key], lang)}</a>
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('total')}</th>
                {cols.map(([key, name]) => (
                  <td key={key} data-label={name}>
                    {formatNumber(total(key), lang)}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      </details>
    </section>
  );
}
