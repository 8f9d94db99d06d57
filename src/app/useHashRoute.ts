import { useCallback, useEffect, useState } from 'react';
import type { DashboardRecordsFigure } from '../shared/protocol/dashboard';

export type Route =
  | { name: 'households' }
  | { name: 'household-new' }
  | { name: 'household-edit'; id: string }
  | { name: 'surveys' }
  | { name: 'survey'; id: string }
  | { name: 'survey-result'; id: string }
  | { name: 'shelters' }
  | { name: 'relief' }
  | { name: 'relief-household'; id: string }
  | { name: 'county-report' }
  | { name: 'admin' }
  | { name: 'reference-admin' }
  | { name: 'work-calendar' }
  | { name: 'case-policy' }
  | { name: 'conflicts' }
  | { name: 'tablet-health' }
  | { name: 'cases' }
  | { name: 'county-cases' }
  | { name: 'county-case'; id: string }
  | { name: 'county-case-list'; kind: 'approval' | 'notice' | 'recipients'; township?: string }
  | { name: 'case-new' }
  | { name: 'case'; id: string }
  | { name: 'handover' }
  | { name: 'dashboard' }
  | { name: 'dashboard-township'; township: string; eventId?: string }
  | { name: 'dashboard-records'; eventId: string; at?: string; siteId?: string; day?: string; figure?: FigureLink }
  | { name: 'not-found' };

/** A township figure's records (SPEC D10): its hand-outs of a round (of an item), its households not reached (in a round), its open flags of a kind. */
export type FigureLink = Exclude<DashboardRecordsFigure, { kind: 'households' }>;

const seg = (v: string) => `/${encodeURIComponent(v)}`;
function figurePath(f: FigureLink): string {
  if (f.kind === 'relief') return `/relief${seg(f.township)}${seg(f.round)}${f.item ? seg(f.item) : ''}`;
  if (f.kind === 'not-reached') return `/not-reached${seg(f.township)}${f.round ? seg(f.round) : ''}`;
  return `/flags${seg(f.township)}${seg(f.flagKind)}`;
}
function figureOf(kind: string, parts: string[]): FigureLink | null {
  const [township, second, third] = parts as [string, string | undefined, string | undefined];
  if (kind === 'relief' && second) return { kind, township, round: second, ...(third ? { item: third } : {}) };
  if (kind === 'not-reached' && !third) return { kind, township, ...(second ? { round: second } : {}) };
  if (kind === 'flags' && (second === 'duplicate-person' || second === 'double-handout') && !third) return { kind, township, flagKind: second };
  return null;
}

export const paths = {
  admin: '#/admin',
  referenceAdmin: '#/reference-data',
  workCalendar: '#/reference-data/calendar',
  casePolicy: '#/reference-data/case-policy',
  households: '#/households',
  householdNew: '#/households/new',
  householdEdit: (id: string) => `#/households/${encodeURIComponent(id)}`,
  surveys: '#/surveys',
  survey: (id: string) => `#/surveys/${encodeURIComponent(id)}`,
  surveyResult: (id: string) => `#/surveys/${encodeURIComponent(id)}/result`,
  shelters: '#/shelters',
  relief: '#/relief',
  reliefHousehold: (id: string) => `#/relief/${encodeURIComponent(id)}`,
  countyReport: '#/county-report',
  conflicts: '#/conflicts',
  tabletHealth: '#/tablet-health',
  cases: '#/cases',
  countyCases: '#/county-cases',
  countyCase: (id: string) => `#/county-cases/case/${encodeURIComponent(id)}`,
  countyCaseList: (kind: string, township?: string) => `#/county-cases/list/${kind}${township ? `/${township}` : ''}`,
  caseNew: '#/cases/new',
  case: (id: string) => `#/cases/${encodeURIComponent(id)}`,
  handover: '#/handover',
  dashboard: '#/dashboard',
  /**
   * The records behind a figure at `at` (default now): a day's households (`day`, counted at its last
   * instant), a site's (SPEC D8), or a township's hand-outs of a round, households not reached, open flags (`figure`, D10).
   */
  dashboardRecords: (eventId: string, o?: { at: string; siteId?: string; day?: string; figure?: FigureLink }) =>
    `#/dashboard/records/${encodeURIComponent(eventId)}${o ? `/${encodeURIComponent(o.at)}${o.siteId ? `/site/${encodeURIComponent(o.siteId)}` : o.day ? `/day/${o.day}` : o.figure ? figurePath(o.figure) : ''}` : ''}`,
  dashboardTownship: (township: string, eventId?: string) => `#/dashboard/township/${encodeURIComponent(township)}${eventId ? `/${encodeURIComponent(eventId)}` : ''}`,
};

/** Hash routes: they work from the service worker's cached index.html with no server rewrite. */
function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/' || path === '/households') return { name: 'households' };
  if (path === '/households/new') return { name: 'household-new' };
  const m = /^\/households\/([^/]+)$/.exec(path);
  if (m) return { name: 'household-edit', id: decodeURIComponent(m[1]!) };
  if (path === '/surveys') return { name: 'surveys' };
  const s = /^\/surveys\/([^/]+)(\/result)?$/.exec(path);
  if (s) return { name: s[2] ? 'survey-result' : 'survey', id: decodeURIComponent(s[1]!) };
  if (path === '/shelters') return { name: 'shelters' };
  if (path === '/relief') return { name: 'relief' };
  const r = /^\/relief\/([^/]+)$/.exec(path);
  if (r) return { name: 'relief-household', id: decodeURIComponent(r[1]!) };
  if (path === '/county-report') return { name: 'county-report' };
  if (path === '/admin') return { name: 'admin' };
  if (path === '/reference-data') return { name: 'reference-admin' };
  if (path === '/reference-data/calendar') return { name: 'work-calendar' };
  if (path === '/reference-data/case-policy') return { name: 'case-policy' };
  if (path === '/conflicts') return { name: 'conflicts' };
  if (path === '/tablet-health') return { name: 'tablet-health' };
  if (path === '/cases') return { name: 'cases' };
  if (path === '/county-cases') return { name: 'county-cases' };
  const cc = /^\/county-cases\/case\/([^/]+)$/.exec(path);
  if (cc) return { name: 'county-case', id: decodeURIComponent(cc[1]!) };
  const cl = /^\/county-cases\/list\/(approval|notice|recipients)(?:\/(\d{12}))?$/.exec(path);
  if (cl) return { name: 'county-case-list', kind: cl[1] as 'approval' | 'notice' | 'recipients', ...(cl[2] ? { township: cl[2] } : {}) };
  if (path === '/cases/new') return { name: 'case-new' };
  const k = /^\/cases\/([^/]+)$/.exec(path);
  if (k) return { name: 'case', id: decodeURIComponent(k[1]!) };
  if (path === '/handover') return { name: 'handover' };
  if (path === '/dashboard') return { name: 'dashboard' };
  const dt = /^\/dashboard\/township\/([^/]+)(?:\/([^/]+))?$/.exec(path);
  if (dt) return { name: 'dashboard-township', township: decodeURIComponent(dt[1]!), ...(dt[2] ? { eventId: decodeURIComponent(dt[2]) } : {}) };
  const dr = /^\/dashboard\/records\/([^/]+)(?:\/([^/]+)(?:\/(site|day)\/([^/]+))?)?$/.exec(path);
  if (dr) {
    const extra = dr[3] === 'site' ? { siteId: decodeURIComponent(dr[4]!) } : dr[3] === 'day' ? { day: dr[4]! } : {};
    return { name: 'dashboard-records', eventId: decodeURIComponent(dr[1]!), ...(dr[2] ? { at: decodeURIComponent(dr[2]) } : {}), ...extra };
  }
  const df = /^\/dashboard\/records\/([^/]+)\/([^/]+)\/(relief|not-reached|flags)\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(path);
  if (df) {
    const figure = figureOf(df[3]!, [df[4], df[5], df[6]].filter((x): x is string => x !== undefined).map(decodeURIComponent));
    if (figure) return { name: 'dashboard-records', eventId: decodeURIComponent(df[1]!), at: decodeURIComponent(df[2]!), figure };
  }
  return { name: 'not-found' };
}

export function useHashRoute(): { route: Route; navigate: (hash: string) => void } {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((to: string) => {
    if (window.location.hash !== to) window.location.hash = to;
    setHash(to); // do not wait for the event: the next render must already show the new screen
  }, []);
  return { route: parseRoute(hash), navigate };
}
