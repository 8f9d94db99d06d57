import { useCallback, useId, useMemo } from 'react';
import { paths, type FigureLink } from '../../app/useHashRoute';
import { useDashboardText } from '../../i18n/dashboard.texts';
import { EChart } from './EChart';
import type { ECOption } from './echarts-setup';
import { figureHref, type TownshipRow } from './figures';
import { formatNumber } from './formats';

type Key = Exclude<keyof TownshipRow, 'township' | 'name'>;

/**
 * By township at the chosen time: centralised and dispersed people now and households not reached, as
 * bars; the table holds every figure, each a link to the records behind it: the township's households, or
 * exactly the households not reached and the open flags the figure counts (SPEC D10).
 */
export function TownshipSection({ rows, eventId, reportAt }: { rows: TownshipRow[]; eventId: string; reportAt: string }) {
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
  // The figures with records of their own (SPEC D10); the others open the township's households.
  const figureOf = (key: Key, township: string): FigureLink | null =>
    key === 'notReached' ? { kind: 'not-reached', township }
    : key === 'duplicateFlags' ? { kind: 'flags', township, flagKind: 'duplicate-person' }
    : key === 'doubleHandoutFlags' ? { kind: 'flags', township, flagKind: 'double-handout' }
    : null;
  const hrefOf = (key: Key, township: string) => {
    const f = figureOf(key, township);
    return f ? figureHref(eventId, reportAt, f) : paths.dashboardTownship(township, eventId);
  };
  const labelOf = (key: Key, name: string) =>
    key === 'notReached' ? t('townships.notReachedOf', { name })
    : key === 'duplicateFlags' ? t('townships.flagsOf', { name, kind: t('records.flagKinds.duplicate-person') })
    : key === 'doubleHandoutFlags' ? t('townships.flagsOf', { name, kind: t('records.flagKinds.double-handout') })
    : undefined;
  // A bar opens its records: the people bars the township's households, the not-reached bar those households.
  const onPick = useCallback((i: number, series: number) => {
    const r = rows[i];
    if (r) window.location.hash = series === 2 ? figureHref(eventId, reportAt, { kind: 'not-reached', township: r.township }) : paths.dashboardTownship(r.township, eventId);
  }, [rows, eventId, reportAt]);
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
      <EChart option={option} label={t('townships.caption')} loadingText={t('chartLoading')} failedText={t('chartFailed')} onPick={onPick} />
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
                        {/* The label names the records and keeps the figure itself (its visible text). */}
                        <a href={hrefOf(key, r.township)} aria-label={labelOf(key, r.name) && `${labelOf(key, r.name)}：${formatNumber(r[key], lang)}`}>
                          {formatNumber(r[key], lang)}
                        </a>
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
