import type { GoodsKind } from '../../schema/relief';

/** People counted over the event so far (distinct people ever) and at the reporting time. */
interface PeopleCount {
  cumulative: number;
  current: number;
}

interface HouseCount {
  /** 户 */
  households: number;
  /** 间 (自然间) */
  rooms: number;
}

export interface GoodsLine {
  kind: GoodsKind;
  unit: string;
  quantity: number;
  /** Converted value (折款), yuan. */
  valueYuan: number;
}

/** The indicators of relocation-relief.md, "The county's aggregate report", exactly. */
export interface ReportFigures {
  /** 紧急转移安置人口 = 集中安置 + 分散安置, both cumulative and current. */
  relocated: PeopleCount & { centralised: PeopleCount; dispersed: PeopleCount };
  /** Centralised sites open at the reporting time. */
  centralisedSitesOpen: number;
  /** 紧急避险转移人口 */
  evacuated: number;
  /** 需紧急生活救助人口 */
  needEmergencySupport: number;
  /** 需过渡期生活救助人口 */
  needTransitionalSupport: number;
  houses: { collapsed: HouseCount; severe: HouseCount; ordinary: HouseCount };
  casualties: { dead: number; missing: number; injured: number };
  relief: { cashYuan: number; goods: GoodsLine[]; goodsValueYuan: number; householdsReached: number };
}

export interface TownshipFigures extends ReportFigures {
  township: string;
}

export interface CountyReport {
  eventId: string;
  eventName: string;
  /** The reporting time, as given. */
  at: string;
  /** One row per township: the event's townships in its order, then any other that has records. */
  townships: TownshipFigures[];
  total: ReportFigures;
}
