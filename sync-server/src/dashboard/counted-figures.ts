import { emptyFigures } from '../../../src/shared/rules/relocation/empty-figures';
import type { ReportFigures } from '../../../src/shared/rules/relocation/report-types';
import type { Store } from '../store/store';
import { countedDb, num, sql, type CountedDb } from './counted-queries';
import { utc } from './counted-spans';

/** The people and house figures of the county report (all but sites and relief), from the spans. */
export type CountedFigures = Omit<ReportFigures, 'centralisedSitesOpen' | 'relief'>;

const sumIf = (cond: ReturnType<typeof sql>, value: ReturnType<typeof sql> = sql`people`) => sql<number>`sum(case when ${cond} then ${value} else 0 end)`;

/**
 * The spans that hold at `at`, summed by township: what countyReport's addHousehold adds for each unit,
 * added by the database instead (issue 16). `townships` null: all.
 */
export function selectFiguresAt(db: CountedDb, eventId: string, at: string, townships: readonly string[] | null) {
  const reloc = sql`evacuation = 'relocation'`;
  const current = sql`evacuation = 'relocation' and status = 'current'`;
  const house = (level: string) => [sql<number>`sum(case when damage_level = ${level} then 1 else 0 end)`, sumIf(sql`damage_level = ${level}`, sql`damage_rooms`)] as const;
  let q = db
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
    ])
    .where('event_id', '=', eventId)
    .where('valid_from', '<=', at)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)]))
    .groupBy('township');
  if (townships) q = q.where('township', 'in', townships.length ? [...townships] : ['']);
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

/** The same, and the households (units) each township counts at `at` (relocated or evacuated; the dashboard's reach). */
export async function countedRowsAt(store: Store, eventId: string, at: string, townships: readonly string[] | null) {
  const rows = await store.queryCompiled(selectFiguresAt(countedDb(store), eventId, utc(at), townships));
  return {
    figures: new Map(rows.map((r) => [String(r.township), toFigures(r)])),
    households: new Map(rows.map((r) => [String(r.township), num(r.households)])),
  };
}
