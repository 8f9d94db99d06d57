import type { CompiledQuery } from 'kysely';
import { RELIEF_CORRECTION_ENTITY } from '../../../src/shared/schema/relief-correction';
import { jsonText, sql, type CountedDb, type CountedReliefTable } from './counted-queries';

/**
 * The relief rows of migration 012 (counted-relief.ts, SPEC D7–D8), written at ingest and summed by the
 * report and the dashboard: compiled for either dialect and run by the store, like counted-queries.ts.
 */

export const deleteRelief = (db: CountedDb, handoutIds: readonly string[]): CompiledQuery =>
  db.deleteFrom('counted_relief').where('handout_id', 'in', handoutIds).compile();

export const insertRelief = (db: CountedDb, rows: readonly CountedReliefTable[]): CompiledQuery => db.insertInto('counted_relief').values([...rows]).compile();

export const deleteReliefAll = (db: CountedDb): CompiledQuery[] => [db.deleteFrom('counted_relief').compile(), db.deleteFrom('counted_unreadable').compile()];

export const deleteUnreadable = (db: CountedDb, keys: readonly (readonly [string, string])[]): CompiledQuery =>
  db
    .deleteFrom('counted_unreadable')
    .where((eb) => eb.or(keys.map(([entity, id]) => eb.and([eb('entity', '=', entity), eb('record_id', '=', id)]))))
    .compile();

export const insertUnreadable = (db: CountedDb, rows: readonly { entity: string; record_id: string; township: string | null }[]): CompiledQuery =>
  db.insertInto('counted_unreadable').values([...rows]).onConflict((oc) => oc.doNothing()).compile();

/** Relief and correction records marked unreadable, in these townships (null: all). */
export function selectUnreadableRelief(db: CountedDb, townships: readonly string[] | null): CompiledQuery {
  let q = db.selectFrom('counted_unreadable').select(['entity', 'record_id']);
  if (townships) q = q.where('township', 'in', townships.length ? [...townships] : ['']);
  return q.compile();
}

/** The live corrections of these hand-outs, through their index (migration 012). */
export const selectCorrectionsOf = (db: CountedDb, originalIds: readonly string[]): CompiledQuery =>
  db
    .selectFrom('records')
    .select(['id', 'fields'])
    .where('entity', '=', RELIEF_CORRECTION_ENTITY)
    .where('deleted', '=', 0)
    .where(jsonText(db, 'originalId'), 'in', [...originalIds])
    .compile();

/**
 * Each hand-out of the event given by `at` (its record in these townships), with the unit its household
 * counts as and the township that unit counts in at `at`: the attribution of counted-report.ts, as a CTE.
 * `row` is the report row it adds to (the unit's township, or the hand-out's own when its household is
 * not counted in scope then); `hkey` the household it reaches (the unit, or the household record).
 */
function attributed(db: CountedDb, eventId: string, at: string, townships: readonly string[] | null) {
  const scope = townships ? (townships.length ? [...townships] : ['']) : null;
  return db.with('a', (w) => {
    let q = w
      .selectFrom('counted_relief as r')
      .leftJoin('counted_keys as k', (j) => j.onRef('k.event_id', '=', 'r.event_id').onRef('k.record_id', '=', 'r.household_id').on('k.is_head', '=', 1))
      .leftJoin('counted_spans as u', (j) =>
        j
          .onRef('u.event_id', '=', 'r.event_id')
          .onRef('u.unit_key', '=', 'k.id_hmac')
          .on('u.valid_from', '<=', at)
          .on((eb) => eb.or([eb('u.valid_to', 'is', null), eb('u.valid_to', '>', at)])),
      )
      .where('r.event_id', '=', eventId)
      .where('r.at', '<=', at);
    if (scope) q = q.where('r.township', 'in', scope);
    // Known: the household's unit is counted, and not in another township out of scope at `at`.
    const known = scope
      ? sql`(k.id_hmac is not null and (u.township is null or u.township in (${sql.join(scope)})))`
      : sql`(k.id_hmac is not null)`;
    return q.select([
      sql<string>`case when ${known} and u.township is not null then u.township else r.township end`.as('row_township'),
      sql<string>`case when ${known} then 'unit:' || k.id_hmac else 'record:' || r.household_id end`.as('hkey'),
      'r.round', 'r.category', 'r.kind', 'r.unit', 'r.quantity', 'r.fen',
    ]);
  });
}

/** Relief by report row, round and item (cash: kind; goods: kind and unit): quantity, fen and households reached. */
export const selectReliefByRound = (db: CountedDb, eventId: string, at: string, townships: readonly string[] | null): CompiledQuery =>
  attributed(db, eventId, at, townships)
    .selectFrom('a')
    .select((eb) => [
      'row_township', 'round', 'category', 'kind', 'unit', eb.fn.sum<number>('quantity').as('quantity'), eb.fn.sum<number>('fen').as('fen'),
      sql<number>`count(distinct hkey)`.as('households'),
    ])
    .groupBy(['row_township', 'round', 'category', 'kind', 'unit'])
    .compile();

/** Households reached by report row (row_township set) and in all (row_township null), in one statement. */
export const selectReliefReached = (db: CountedDb, eventId: string, at: string, townships: readonly string[] | null): CompiledQuery =>
  attributed(db, eventId, at, townships)
    .selectFrom('a')
    .select([sql<string | null>`row_township`.as('row_township'), sql<number>`count(distinct hkey)`.as('households')])
    .groupBy('row_township')
    .unionAll((eb) => eb.selectFrom('a').select([sql<string | null>`null`.as('row_township'), sql<number>`count(distinct hkey)`.as('households')]))
    .compile();

/**
 * The units counted at `at` in these townships (SPEC D6, D8): per township, households counted, and per
 * round the units a hand-out of that round (given by `at`, its record in scope) reached, and those any
 * hand-out reached; `what` says which ('counted', 'round', 'any').
 */
export function selectReachByRound(db: CountedDb, eventId: string, at: string, townships: readonly string[] | null): CompiledQuery {
  const scope = townships ? (townships.length ? [...townships] : ['']) : null;
  let counted = db
    .selectFrom('counted_spans as u')
    .select(['u.township', sql<string>`'counted'`.as('what'), sql<string | null>`null`.as('round'), sql<number>`count(*)`.as('households')])
    .where('u.event_id', '=', eventId)
    .where('u.valid_from', '<=', at)
    .where((eb) => eb.or([eb('u.valid_to', 'is', null), eb('u.valid_to', '>', at)]))
    .groupBy('u.township');
  let reached = db
    .selectFrom('counted_spans as u')
    .innerJoin('counted_keys as k', (j) => j.onRef('k.event_id', '=', 'u.event_id').onRef('k.id_hmac', '=', 'u.unit_key').on('k.is_head', '=', 1))
    .innerJoin('counted_relief as r', (j) => j.onRef('r.event_id', '=', 'k.event_id').onRef('r.household_id', '=', 'k.record_id').on('r.at', '<=', at))
    .select(['u.township', sql<string>`'round'`.as('what'), sql<string | null>`r.round`.as('round'), sql<number>`count(distinct u.unit_key)`.as('households')])
    .where('u.event_id', '=', eventId)
    .where('u.valid_from', '<=', at)
    .where((eb) => eb.or([eb('u.valid_to', 'is', null), eb('u.valid_to', '>', at)]))
    .groupBy(['u.township', 'r.round']);
  // And any round: the households reached at all (the dashboard's 未发放).
  let any = db
    .selectFrom('counted_spans as u')
    .select(['u.township', sql<string>`'any'`.as('what'), sql<string | null>`null`.as('round'), sql<number>`count(*)`.as('households')])
    .where('u.event_id', '=', eventId)
    .where('u.valid_from', '<=', at)
    .where((eb) => eb.or([eb('u.valid_to', 'is', null), eb('u.valid_to', '>', at)]))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('counted_keys as k')
          .innerJoin('counted_relief as r', (j) => j.onRef('r.event_id', '=', 'k.event_id').onRef('r.household_id', '=', 'k.record_id'))
          .select(sql`1`.as('one'))
          .whereRef('k.event_id', '=', 'u.event_id')
          .whereRef('k.id_hmac', '=', 'u.unit_key')
          .where('k.is_head', '=', 1)
          .where('r.at', '<=', at)
          .$if(scope !== null, (qb) => qb.where('r.township', 'in', scope!)),
      ),
    )
    .groupBy('u.township');
  if (scope) {
    counted = counted.where('u.township', 'in', scope);
    reached = reached.where('u.township', 'in', scope).where('r.township', 'in', scope);
    any = any.where('u.township', 'in', scope);
  }
  return counted.unionAll(reached).unionAll(any).compile();
}
