import { useId } from 'react';
import { useReliefText } from '../../i18n/relief.texts';
import { goodsIndicators, REPORT_INDICATORS } from '../../shared/rules/relocation/report-indicators';
import type { CountyReport, ReportFigures } from '../../shared/rules/relocation/report-types';

/**
 * The report by township (columns) and in total, one indicator per row (the indicators are the
 * download's too: shared/rules/relocation/report-indicators.ts). A township column is headed by its
 * name from the registry with its code under it: names repeat across counties, codes do not.
 */
export function ReportTable({ report, townshipNames = {} }: { report: CountyReport; townshipNames?: Record<string, string> }) {
  const { t } = useReliefText();
  const id = useId();
  const columns: { key: string; name: string; code: string | null; f: ReportFigures }[] = [
    ...report.townships.map((f) => ({ key: f.township, name: townshipNames[f.township] ?? f.township, code: townshipNames[f.township] ? f.township : null, f })),
    { key: '__total', name: t('county.total'), code: null, f: report.total },
  ];
  const rows = [
    ...REPORT_INDICATORS.map((c) => ({ key: c.key, label: t(`county.rows.${c.key}`), pick: c.pick })),
    ...goodsIndicators(report.total).map((g) => ({ key: `goods-${g.kind}-${g.unit}`, label: t('county.rows.goods', { item: t(`items.${g.kind}`), unit: g.unit }), pick: g.quantity })),
  ];
  return (
    <div className="table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table className="report-table">
        <caption id={`${id}-caption`}>{t('county.caption', { event: report.eventName })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('county.indicator')}</th>
            {columns.map((c) => (
              <th scope="col" key={c.key}>
                {c.name}
                {c.code && (
                  <>
                    <br />
                    <span className="area-code">{c.code}</span>
                  </>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              {columns.map((c) => (
                <td key={c.key}>{r.pick(c.f)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
