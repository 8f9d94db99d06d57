import type { GoodsLine, ReportFigures } from './report-types';

/**
 * The relocation report's indicators in the order of the county's form (relocation-relief.md), declared
 * once for the page (src/features/county-report: `key` is its i18n key `county.rows.<key>`) and the
 * XLSX/CSV download (sync-server/src/reports/relocation-table.ts: `zh` is the column header).
 */
export interface ReportIndicator {
  key: string;
  zh: string;
  pick: (f: ReportFigures) => number;
}

export const REPORT_INDICATORS: readonly ReportIndicator[] = [
  { key: 'relocatedCumulative', zh: '紧急转移安置人口（累计）', pick: (f) => f.relocated.cumulative },
  { key: 'relocatedCurrent', zh: '紧急转移安置人口（当前）', pick: (f) => f.relocated.current },
  { key: 'centralisedCumulative', zh: '集中安置人口（累计）', pick: (f) => f.relocated.centralised.cumulative },
  { key: 'centralisedCurrent', zh: '集中安置人口（当前）', pick: (f) => f.relocated.centralised.current },
  { key: 'dispersedCumulative', zh: '分散安置人口（累计）', pick: (f) => f.relocated.dispersed.cumulative },
  { key: 'dispersedCurrent', zh: '分散安置人口（当前）', pick: (f) => f.relocated.dispersed.current },
  { key: 'sitesOpen', zh: '开放集中安置点（个）', pick: (f) => f.centralisedSitesOpen },
  { key: 'evacuated', zh: '紧急避险转移人口', pick: (f) => f.evacuated },
  { key: 'needEmergency', zh: '需紧急生活救助人口', pick: (f) => f.needEmergencySupport },
  { key: 'needTransitional', zh: '需过渡期生活救助人口', pick: (f) => f.needTransitionalSupport },
  { key: 'collapsedHouseholds', zh: '倒塌房屋（户）', pick: (f) => f.houses.collapsed.households },
  { key: 'collapsedRooms', zh: '倒塌房屋（间）', pick: (f) => f.houses.collapsed.rooms },
  { key: 'severeHouseholds', zh: '严重损坏房屋（户）', pick: (f) => f.houses.severe.households },
  { key: 'severeRooms', zh: '严重损坏房屋（间）', pick: (f) => f.houses.severe.rooms },
  { key: 'ordinaryHouseholds', zh: '一般损坏房屋（户）', pick: (f) => f.houses.ordinary.households },
  { key: 'ordinaryRooms', zh: '一般损坏房屋（间）', pick: (f) => f.houses.ordinary.rooms },
  { key: 'dead', zh: '死亡人口', pick: (f) => f.casualties.dead },
  { key: 'missing', zh: '失踪人口', pick: (f) => f.casualties.missing },
  { key: 'injured', zh: '受伤人口', pick: (f) => f.casualties.injured },
  { key: 'cash', zh: '发放救灾资金（元）', pick: (f) => f.relief.cashYuan },
  { key: 'goodsValue', zh: '发放物资折款（元）', pick: (f) => f.relief.goodsValueYuan },
  { key: 'householdsReached', zh: '救助户数（户）', pick: (f) => f.relief.householdsReached },
];

/** One goods line of the report (a kind in a unit), present in the total; each township reads its own. */
export interface GoodsIndicator {
  kind: GoodsLine['kind'];
  unit: string;
  quantity: (f: ReportFigures) => number;
  valueYuan: (f: ReportFigures) => number;
}

/** The goods handed out in the total, one line per kind and unit, in the total's order. */
export function goodsIndicators(total: ReportFigures): GoodsIndicator[] {
  const line = (f: ReportFigures, kind: GoodsLine['kind'], unit: string) => f.relief.goods.find((x) => x.kind === kind && x.unit === unit);
  return total.relief.goods.map((g) => ({
    kind: g.kind,
    unit: g.unit,
    quantity: (f) => line(f, g.kind, g.unit)?.quantity ?? 0,
    valueYuan: (f) => line(f, g.kind, g.unit)?.valueYuan ?? 0,
  }));
}
