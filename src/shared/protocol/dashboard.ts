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

export interface DashboardOverviewBody {
  report: CountyReport;
  /** Per township: households counted at `at` and those no hand-out has reached. */
  reach: { township: string; households: number; notReached: number }[];
  series: DashboardDayPoint[];
  /** Open centralised sites, overfull (over capacity or under 3.5 m² a person) first. */
  sites: DashboardSiteLoad[];
  /** Open flags by township and kind. */
  flags: { township: string; kind: string; open: number }[];
  skippedRecords: { entity: string; id: string }[];
}

/** The response: the overview with the registry's name of each township code and the server's time. */
export interface DashboardOverviewResponse extends DashboardOverviewBody {
  townshipNames: Record<string, string>;
  generatedAt: string;
}
