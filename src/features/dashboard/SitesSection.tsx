import { useId, useMemo } from 'react';
import { useDashboardText } from '../../i18n/dashboard.texts';
import type { DashboardSiteLoad } from '../../shared/protocol/dashboard';
import { EChart } from './EChart';
import type { ECOption } from './echarts-setup';
import { formatNumber } from './formats';

/** Open centralised sites (the server's order: over capacity or under 3.5 m² a person first). */
export function SitesSection({ sites, townshipNames }: { sites: DashboardSiteLoad[]; townshipNames: Record<string, string> }) {
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
  const state = (s: DashboardSiteLoad) =>
    [s.overCapacity && t('sites.over'), s.belowSphere && t('sites.sphere')].filter(Boolean).join('；') || t('sites.ok');
  return (
    <section className="dashboard-section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('sites.title')}</h3>
      {sites.length === 0 ? (
        <p>{t('sites.none')}</p>
      ) : (
        <>
          <EChart option={option} label={t('sites.caption')} loadingText={t('chartLoading')} failedText={t('chartFailed')} />
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
                      <th scope="row">{s.name}</th>
                      <td data-label={t('township')}>{townshipNames[s.township] ?? s.township}</td>
                      <td data-label={t('sites.people')}>{formatNumber(s.people, lang)}</td>
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
