import { useId } from 'react';
import { useReliefText } from '../../i18n/relief.texts';
import type { CountyReport } from '../../shared/rules/relocation/report-types';
import { goodsRows, REPORT_ROWS } from './report-rows';

/** The report by township (columns) and in total, one indicator per row. */
export function ReportTable({ report }: { report: CountyReport }) {
  const { t } = useReliefText();
  const id = useId();
  const columns = [...report.townships.map((f) => ({ name: f.township, f })), { name: t('county.total'), f: report.total }];
  const rows = [
    ...REPORT_ROWS.map(([key, pick]) => ({ key, label: t(`county.rows.${key}`), pick })),
    ...goodsRows(report.total).map((g) => ({ key: `goods-${g.kind}-${g.unit}`, label: t('county.rows.goods', { item: t(`items.${g.kind}`), unit: g.unit }), pick: g.pick })),
  ];
  return (
    <div className="table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table className="report-table">
        <caption id={`${id}-caption`}>{t('county.caption', { event: report.eventName })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('county.indicator')}</th>
            {columns.map((c) => (
              <th scope="col" key={c.name}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              {columns.map((c) => (
                <td key={c.name}>{r.pick(c.f)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
