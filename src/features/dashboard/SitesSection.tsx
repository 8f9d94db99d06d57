import { useCallback, useId, useMemo } from 'react';
import { paths } from '../../app/useHashRoute';
import { useDashboardText } from '../../i18n/dashboard.texts';
import type { DashboardSiteLoad } from '../../shared/protocol/dashboard';
import { EChart } from './EChart';
import type { ECOption } from './echarts-setup';
import { formatNumber } from './formats';

/**
 * Open centralised sites (the server's order: over capacity or under 3.5 m² a person first); each site
 * links to the households staying there at the report's time (SPEC D8).
 */
export function SitesSection({ sites, townshipNames, eventId, reportAt }: { sites: DashboardSiteLoad[]; townshipNames: Record<string, string>; eventId: string; reportAt: string }) {
  const { t, i18n } = useDashboardText();
  const id = useId();
  const lang = i18n.language;
  const option = useMemo<ECOption>(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatNumber(Number(v), lang) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 48 },
      xAxis: { type: 'category', data: sites.map((s) => s.name), axisLabel: { interval: 0, rotate: sites.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => formatNumber(v, lang) } },
      series: [
        { type: 'bar', name: t('sites.people'), data: sites.map((s) => s.people) },
        { type: 'bar', name: t('sites.capacity'), data: sites.map((s) => s.capacity) },
      ],
    }),
    [sites, lang, t],
  );
  const hrefOf = useCallback((siteId: string) => paths.dashboardRecords(eventId, { at: new Date(Date.parse(reportAt)).toISOString(), siteId }), [eventId, reportAt]);
  const onPick = useCallback((i: number) => {
    const s = sites[i];
    if (s) window.location.hash = hrefOf(s.siteId);
  }, [sites, hrefOf]);
  const state = (s: DashboardSiteLoad) =>
    [s.overCapacity && t('sites.over'), s.belowSphere && t('sites.sphere')].filter(Boolean).join('；') || t('sites.ok');
  return (
    <section className="dashboard-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('sites.title')}</h3>
      {sites.length === 0 ? (
        <p>{t('sites.none')}</p>
      ) : (
        <>
          <EChart option={option} label={t('sites.caption')} loadingText={t('chartLoading')} failedText={t('chartFailed')} onPick={onPick} />
          <details>
            <summary>{t('tableView', { name: t('sites.title') })}</summary>
            <div className="table-scroll">
              <table className="dashboard-table">
                <caption>{t('sites.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sites.name')}</th>
                    <th scope="col">{t('township')}</th>
                    <th scope="col">{t('sites.people')}</th>
                    <th scope="col">{t('sites.capacity')}</th>
                    <th scope="col">{t('sites.m2')}</th>
                    <th scope="col">{t('sites.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {sites.map((s) => (
                    <tr key={s.siteId} className={s.overCapacity || s.belowSphere ? 'overfull' : undefined}>
                      <th scope="row">
                        <a href={hrefOf(s.siteId)} aria-label={t('sites.recordsOf', { name: s.name })}>
                          {s.name}
                        </a>
                      </th>
                      <td data-label={t('township')}>{townshipNames[s.township] ?? s.township}</td>
                      <td data-label={t('sites.people')}>
                        <a href={hrefOf(s.siteId)}>{formatNumber(s.people, lang)}</a>
                      </td>
                      <td data-label={t('sites.capacity')}>{formatNumber(s.capacity, lang)}</td>
                      <td data-label={t('sites.m2')}>{s.m2PerPerson === null ? '—' : formatNumber(s.m2PerPerson, lang)}</td>
                      <td data-label={t('sites.state')}>{state(s)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
