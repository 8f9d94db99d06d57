import type { ReportFigures } from '../../shared/rules/relocation/report-types';

/** The report's indicators in the order of the county's form (relocation-relief.md), by i18n key. */
export const REPORT_ROWS: [key: string, pick: (f: ReportFigures) => number][] = [
  ['relocatedCumulative', (f) => f.relocated.cumulative],
  ['relocatedCurrent', (f) => f.relocated.current],
  ['centralisedCumulative', (f) => f.relocated.centralised.cumulative],
  ['centralisedCurrent', (f) => f.relocated.centralised.current],
  ['dispersedCumulative', (f) => f.relocated.dispersed.cumulative],
  ['dispersedCurrent', (f) => f.relocated.dispersed.current],
  ['sitesOpen', (f) => f.centralisedSitesOpen],
  ['evacuated', (f) => f.evacuated],
  ['needEmergency', (f) => f.needEmergencySupport],
  ['needTransitional', (f) => f.needTransitionalSupport],
  ['collapsedHouseholds', (f) => f.houses.collapsed.households],
  ['collapsedRooms', (f) => f.houses.collapsed.rooms],
  ['severeHouseholds', (f) => f.houses.severe.households],
  ['severeRooms', (f) => f.houses.severe.rooms],
  ['ordinaryHouseholds', (f) => f.houses.ordinary.households],
  ['ordinaryRooms', (f) => f.houses.ordinary.rooms],
  ['dead', (f) => f.casualties.dead],
  ['missing', (f) => f.casualties.missing],
  ['injured', (f) => f.casualties.injured],
  ['cash', (f) => f.relief.cashYuan],
  ['goodsValue', (f) => f.relief.goodsValueYuan],
  ['householdsReached', (f) => f.relief.householdsReached],
];

/** The goods handed out in the total, one row per kind and unit. */
export function goodsRows(total: ReportFigures): { kind: string; unit: string; pick: (f: ReportFigures) => number }[] {
  return total.relief.goods.map((g) => ({
    kind: g.kind,
    unit: g.unit,
    pick: (f: ReportFigures) => f.relief.goods.find((x) => x.kind === g.kind && x.unit === g.unit)?.quantity ?? 0,
  }));
}
