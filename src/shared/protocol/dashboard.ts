import type { CountyReport } from '../rules/relocation/report-types';

/**
 * The wire shape of GET /api/dashboard/overview (issue 16, SPEC D4–D6), shared by the server
 * (sync-server/src/dashboard/overview.ts builds it) and the dashboard page.
 */
export interface DashboardDayPoint {
  /** China date, YYYY-MM-DD. */
  day: string;
  township: string;
  relocatedCumulative: number;
  relocatedCurrent: number;
  centralisedCumulative: number;
  centralisedCurrent: number;
  dispersedCumulative: number;
  dispersedCurrent: number;
}

export interface DashboardSiteLoad {
  siteId: string;
  name: string;
  township: string;
  people: number;
  households: number;
  capacity: number;
  floorArea: number;
  m2PerPerson: number | null;
  overCapacity: boolean;
  belowSphere: boolean;
}

/** Relief handed out by township, round and item (SPEC D8): what the corrected ledger counts by `at`. */
export interface DashboardReliefLine {
  /** The township the hand-outs' households count in at `at` (the report's row). */
  township: string;
  /** The round as text (roundKey). */
  round: string;
  category: 'cash' | 'goods';
  /** The item kind (CASH_KINDS or GOODS_KINDS). */
  kind: string;
  unit: string;
  quantity: number;
  /** Cash paid, or the goods' converted value, in fen. */
  fen: number;
  /** Households reached with this item in this round. */
  households: number;
}

/** An entitlement as the dashboard compares against it: per household, per item and round (entitlement.ts). */
export interface DashboardEntitlement {
  round: string;
  itemKind: string;
  /** null: county-wide. */
  township: string | null;
  maxQuantity: number | null;
  unit: string | null;
  maxValueYuan: number | null;
}

export interface DashboardOverviewBody {
  report: CountyReport;
  /** Per township: households counted at `at` and those no hand-out has reached. */
  reach: { township: string; households: number; notReached: number }[];
  series: DashboardDayPoint[];
  /** Open centralised sites, overfull (over capacity or under 3.5 m² a person) first. */
  sites: DashboardSiteLoad[];
  /** Relief by township, round and item, and the entitlements of the event (SPEC D8). */
  relief: DashboardReliefLine[];
  entitlements: DashboardEntitlement[];
  /** Per township and round: households counted at `at` that a hand-out of the round reached (SPEC D8). */
  reachByRound: { township: string; round: string; reached: number }[];
  /** Open flags by township and kind. */
  flags: { township: string; kind: string; open: number }[];
  skippedRecords: { entity: string; id: string }[];
}

/** The response: the overview with the registry's name of each township code and the server's time. */
export interface DashboardOverviewResponse extends DashboardOverviewBody {
  townshipNames: Record<string, string>;
  generatedAt: string;
}

/** A household behind a dashboard figure (GET /api/dashboard/records, SPEC D8): its counted unit's representative record. */
export interface DashboardFigureRecord {
  id: string;
  township: string;
  siteId: string | null;
  /** Still relocated at the figure's time (false: checked out by then). */
  current: boolean;
  placement: 'centralised' | 'dispersed';
  /** People the unit counts (de-duplicated). */
  people: number;
  head: string;
  village: string;
}

export interface DashboardFigureRecordsResponse {
  records: DashboardFigureRecord[];
  /** More than the 2,000 listed. */
  truncated: boolean;
  townshipNames: Record<string, string>;
  /** The site's name, when the figure is a site's. */
  siteName?: string;
}
