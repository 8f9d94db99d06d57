import { drainCounting } from './counter';
import { emptyFigures } from '../../../src/shared/rules/relocation/empty-figures';
import type { ReportFigures } from '../../../src/shared/rules/relocation/report-types';
import type { Store } from '../store/store';
import { countedDb, num, sql, type CountedDb } from './counted-queries';
import { utc } from './counted-spans';

/** The people and house figures of the county report (all but sites and relief), from the spans. */
export type CountedFigures = Omit<ReportFigures, 'centralisedSitesOpen' | 'relief'>;

const sumIf = (cond: ReturnType<typeof sql>, value: ReturnType<typeof sql> = sql`people`) => sql<number>`sum(case when ${cond} then ${value} else 0 end)`;

/**
 * The spans that hold at `at`, summed by township and site: what countyReport's addHousehold adds for
 * each unit, added by the database instead (issue 16), and the people and households at each site
 * (shelter-occupancy.ts peopleAtSite: relocated units still there), in one scan. Every township's: a
 * site in scope may hold people of a township out of it, so the caller keeps the township rows in scope.
 */
export function selectFiguresAt(db: CountedDb, eventId: string, at: string) {
  const reloc = sql`evacuation = 'relocation'`;
  const current = sql`evacuation = 'relocation' and status = 'current'`;
  const house = (level: string) => [sql<number>`sum(case when damage_level = ${level} then 1 else 0 end)`, sumIf(sql`damage_level = ${level}`, sql`damage_rooms`)] as const;
  const q = db
    .selectFrom('counted_spans')
    .select((eb) => [
      'township',
      sumIf(sql`evacuation = 'evacuation'`).as('evacuated'),
      sumIf(reloc).as('cum'),
      sumIf(current).as('cur'),
      sumIf(sql`${reloc} and placement = 'centralised'`).as('cum_c'),
      sumIf(sql`${current} and placement = 'centralised'`).as('cur_c'),
      sumIf(sql`${reloc} and placement = 'dispersed'`).as('cum_d'),
      sumIf(sql`${current} and placement = 'dispersed'`).as('cur_d'),
      eb.fn.sum<number>('need_emergency').as('need_e'),
      eb.fn.sum<number>('need_transitional').as('need_t'),
      house('collapsed')[0].as('h_col'), house('collapsed')[1].as('r_col'),
      house('severe')[0].as('h_sev'), house('severe')[1].as('r_sev'),
      house('ordinary')[0].as('h_ord'), house('ordinary')[1].as('r_ord'),
      eb.fn.sum<number>('dead').as('dead'),
      eb.fn.sum<number>('missing').as('missing'),
      eb.fn.sum<number>('injured').as('injured'),
      eb.fn.countAll<number>().as('households'),
      'site_id',
      sumIf(current).as('site_people'),
      sumIf(current, sql`1`).as('site_households'),
    ])
    .where('event_id', '=', eventId)
    .where('valid_from', '<=', at)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]))
    .groupBy(['township', 'site_id']);
  return q.compile();
}

function toFigures(r: Record<string, unknown>): CountedFigures {
  const f = emptyFigures();
  return {
    relocated: {
      cumulative: num(r.cum), current: num(r.cur),
      centralised: { cumulative: num(r.cum_c), current: num(r.cur_c) },
      dispersed: { cumulative: num(r.cum_d), current: num(r.cur_d) },
    },
    evacuated: num(r.evacuated),
    needEmergencySupport: num(r.need_e),
    needTransitionalSupport: num(r.need_t),
    houses: {
      collapsed: { households: num(r.h_col), rooms: num(r.r_col) },
      severe: { households: num(r.h_sev), rooms: num(r.r_sev) },
      ordinary: { households: num(r.h_ord), rooms: num(r.r_ord) },
    },
    casualties: { ...f.casualties, dead: num(r.dead), missing: num(r.missing), injured: num(r.injured) },
  };
}

/** The people and house figures of each township with counted households at `at`. */
export async function countedFiguresAt(store: Store, eventId: string, at: string, townships: readonly string[] | null): Promise<Map<string, CountedFigures>> {
  return (await countedRowsAt(store, eventId, at, townships)).figures;
}

/**
 * The same, the households (units) each township counts at `at` (relocated or evacuated; the dashboard's
 * reach), and the people and households at each site (of any township), from one statement.
 */
export async function countedRowsAt(store: Store, eventId: string, at: string, townships: readonly string[] | null) {
  await drainCounting(store); // SPEC D9
  const rows = await store.queryCompiled(selectFiguresAt(countedDb(store), eventId, utc(at)));
  const figures = new Map<string, CountedFigures>();
  const households = new Map<string, number>();
  const sites = new Map<string, { people: number; households: number }>();
  for (const r of rows) {
    if (r.site_id !== null && num(r.site_households) > 0) {
      const s = sites.get(String(r.site_id)) ?? { people: 0, households: 0 };
      s.people += num(r.site_people);
      s.households += num(r.site_households);
      sites.set(String(r.site_id), s);
    }
    const t = String(r.township);
    if (townships && !townships.includes(t)) continue;
    figures.set(t, addCounted(figures.get(t), toFigures(r)));
    households.set(t, (households.get(t) ?? 0) + num(r.households));
  }
  return { figures, households, sites };
}

function addCounted(a: CountedFigures | undefined, b: CountedFigures): CountedFigures {
  if (!a) return b;
  const p = (x: { cumulative: number; current: number }, y: { cumulative: number; current: number }) => ({ cumulative: x.cumulative + y.cumulative, current: x.current + y.current });
  const h = (x: { households: number; rooms: number }, y: { households: number; rooms: number }) => ({ households: x.households + y.households, rooms: x.rooms + y.rooms });
  return {
    relocated: { ...p(a.relocated, b.relocated), centralised: p(a.relocated.centralised, b.relocated.centralised), dispersed: p(a.relocated.dispersed, b.relocated.dispersed) },
    evacuated: a.evacuated + b.evacuated,
    needEmergencySupport: a.needEmergencySupport + b.needEmergencySupport,
    needTransitionalSupport: a.needTransitionalSupport + b.needTransitionalSupport,
    houses: { collapsed: h(a.houses.collapsed, b.houses.collapsed), severe: h(a.houses.severe, b.houses.severe), ordinary: h(a.houses.ordinary, b.houses.ordinary) },
    casualties: { ...a.casualties, dead: a.casualties.dead + b.casualties.dead, missing: a.casualties.missing + b.casualties.missing, injured: a.casualties.injured + b.casualties.injured },
  };
}
