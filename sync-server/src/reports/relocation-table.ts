import { ITEM_ZH } from '../../../src/shared/rules/relocation/labels-zh';
import type { CountyReport, ReportFigures } from '../../../src/shared/rules/relocation/report-types';
import { nameOf } from '../areas/division-names';
import type { Table } from './table';

type Column = [header: string, value: (f: ReportFigures) => number];

/** The indicators in the order of the county's form (relocation-relief.md). */
const COLUMNS: Column[] = [
  ['紧急转移安置人口（累计）', (f) => f.relocated.cumulative],
  ['紧急转移安置人口（当前）', (f) => f.relocated.current],
  ['集中安置人口（累计）', (f) => f.relocated.centralised.cumulative],
  ['集中安置人口（当前）', (f) => f.relocated.centralised.current],
  ['分散安置人口（累计）', (f) => f.relocated.dispersed.cumulative],
  ['分散安置人口（当前）', (f) => f.relocated.dispersed.current],
  ['开放集中安置点（个）', (f) => f.centralisedSitesOpen],
  ['紧急避险转移人口', (f) => f.evacuated],
  ['需紧急生活救助人口', (f) => f.needEmergencySupport],
  ['需过渡期生活救助人口', (f) => f.needTransitionalSupport],
  ['倒塌房屋（户）', (f) => f.houses.collapsed.households],
  ['倒塌房屋（间）', (f) => f.houses.collapsed.rooms],
  ['严重损坏房屋（户）', (f) => f.houses.severe.households],
  ['严重损坏房屋（间）', (f) => f.houses.severe.rooms],
  ['一般损坏房屋（户）', (f) => f.houses.ordinary.households],
  ['一般损坏房屋（间）', (f) => f.houses.ordinary.rooms],
  ['死亡人口', (f) => f.casualties.dead],
  ['失踪人口', (f) => f.casualties.missing],
  ['受伤人口', (f) => f.casualties.injured],
  ['发放救灾资金（元）', (f) => f.relief.cashYuan],
  ['发放物资折款（元）', (f) => f.relief.goodsValueYuan],
  ['救助户数（户）', (f) => f.relief.householdsReached],
];

/**
 * One row per township (named from the registry: `names` maps codes to names) and a 合计 row; goods get
 * a quantity and a value column per kind and unit present.
 */
export function relocationTable(report: CountyReport, names: ReadonlyMap<string, string> = new Map()): Table {
  const goods = report.total.relief.goods.map((g) => ({ kind: g.kind, unit: g.unit }));
  const headers = ['乡镇', ...COLUMNS.map(([h]) => h), ...goods.flatMap((g) => [`${ITEM_ZH[g.kind]}（${g.unit}）`, `${ITEM_ZH[g.kind]}折款（元）`])];
  const row = (name: string, f: ReportFigures) => [
    name,
    ...COLUMNS.map(([, v]) => v(f)),
    ...goods.flatMap((g) => {
      const line = f.relief.goods.find((x) => x.kind === g.kind && x.unit === g.unit);
      return [line?.quantity ?? 0, line?.valueYuan ?? 0];
    }),
  ];
  return { title: '紧急转移安置统计', headers, rows: [...report.townships.map((t) => row(nameOf(names, t.township), t)), row('合计', report.total)] };
}
