import { ITEM_ZH } from '../../../src/shared/rules/relocation/labels-zh';
import { goodsIndicators, REPORT_INDICATORS } from '../../../src/shared/rules/relocation/report-indicators';
import type { CountyReport, ReportFigures } from '../../../src/shared/rules/relocation/report-types';
import { nameOf } from '../areas/division-names';
import type { Table } from './table';

/**
 * One row per township (named from the registry: `names` maps codes to names) and a 合计 row; goods get
 * a quantity and a value column per kind and unit present. The indicators are the page's, declared once
 * in shared/rules/relocation/report-indicators.ts.
 */
export function relocationTable(report: CountyReport, names: ReadonlyMap<string, string> = new Map()): Table {
  const goods = goodsIndicators(report.total);
  const headers = ['乡镇', ...REPORT_INDICATORS.map((c) => c.zh), ...goods.flatMap((g) => [`${ITEM_ZH[g.kind]}（${g.unit}）`, `${ITEM_ZH[g.kind]}折款（元）`])];
  const row = (name: string, f: ReportFigures) => [name, ...REPORT_INDICATORS.map((c) => c.pick(f)), ...goods.flatMap((g) => [g.quantity(f), g.valueYuan(f)])];
  return { title: '紧急转移安置统计', headers, rows: [...report.townships.map((t) => row(nameOf(names, t.township), t)), row('合计', report.total)] };
}
