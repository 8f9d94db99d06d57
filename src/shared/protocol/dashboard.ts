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

/** What relief of one item in one round comes to (a hand-out, or a sum of them): as the corrected ledger counts it. */
export interface DashboardReliefAmount {
  /** The round as text (roundKey). */
  round: string;
  category: 'cash' | 'goods';
  /** The item kind (CASH_KINDS or GOODS_KINDS). */
  kind: string;
  unit: string;
  quantity: number;
  /** Cash paid, or the goods' converted value, in fen. */
  fen: number;
}

/** Relief handed out by township, round and item (SPEC D8): what the corrected ledger counts by `at`. */
export interface DashboardReliefLine extends DashboardReliefAmount {
  /** The township the hand-outs' households count in at `at` (the report's row). */
  township: string;
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

/** A household behind a dashboard figure (GET /api/dashboard/records, SPEC D8, D10): its counted unit's representative record. */
export interface DashboardFigureRecord {
  id: string;
  township: string;
  siteId: string | null;
  /** Still relocated at the figure's time (false: checked out by then). */
  current: boolean;
  /** Relocated (the people figures), or evacuated only (counted among the households, D6). */
  evacuation: 'relocation' | 'evacuation';
  placement: 'centralised' | 'dispersed';
  /** People the unit counts (de-duplicated). */
  people: number;
  head: string;
  village: string;
}

/**
 * Which figure's records (SPEC D8, D10): the households a day's, a site's or the county's people figure
 * counts; the hand-outs a township's relief of a round (of one item) sums; the households a township
 * counts that a round (or any round) has not reached; a township's open flags of a kind.
 */
export type DashboardRecordsFigure =
  | { kind: 'households'; siteId?: string }
  | { kind: 'relief'; township: string; round: string; item?: string }
  | { kind: 'not-reached'; township: string; round?: string }
  | { kind: 'flags'; township: string; flagKind: 'duplicate-person' | 'double-handout' };

/** A hand-out behind a relief figure (SPEC D10): as the corrected ledger counts it (a voided one is not counted, a corrected one with its corrected values). */
export interface DashboardHandoutRecord extends DashboardReliefAmount {
  id: string;
  /** The township the hand-out counts in at the figure's time (the relief figure's row). */
  township: string;
  householdId: string;
  /** The head of the household record it was given to. */
  head: string;
  village: string;
  /** When it was handed out. */
  at: string;
  /** A correction changed it (the values are the corrected ones). */
  corrected: boolean;
  /** The household record its household counts as at the figure's time (two registrations of one household: one). */
  countedAs: string;
}

/** A record an open flag names (SPEC D10): a household, or a hand-out with its household's head. */
export interface DashboardFlaggedRecord {
  entity: 'household' | 'relief';
  id: string;
  township: string;
  head: string;
  village: string;
  /** For a hand-out: what it counts as now; null when voided (the flag stays open for the county to resolve). */
  handout?: (DashboardReliefAmount & { at: string }) | null;
}

/** An open flag behind a township's flag figure (SPEC D10). */
export interface DashboardFlagRecord {
  id: string;
  kind: 'duplicate-person' | 'double-handout';
  township: string;
  openedAt: string;
  records: DashboardFlaggedRecord[];
}

interface RecordsBody {
  /** More than the 2,000 listed. */
  truncated: boolean;
  townshipNames: Record<string, string>;
}

export interface DashboardFigureRecordsResponse extends RecordsBody {
  kind: 'households' | 'not-reached';
  records: DashboardFigureRecord[];
  /** The site's name, when the figure is a site's. */
  siteName?: string;
}

export interface DashboardHandoutRecordsResponse extends RecordsBody {
  kind: 'relief';
  handouts: DashboardHandoutRecord[];
}

export interface DashboardFlagRecordsResponse extends RecordsBody {
  kind: 'flags';
  flags: DashboardFlagRecord[];
}

/** GET /api/dashboard/records: the records behind one figure, told apart by `kind`. */
export type DashboardRecordsResponse = DashboardFigureRecordsResponse | DashboardHandoutRecordsResponse | DashboardFlagRecordsResponse;
