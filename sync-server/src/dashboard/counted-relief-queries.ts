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
 * Relief at `at` in one statement (SPEC D3, D7–D8): each hand-out of the event given by then (its record
 * in these townships) with the unit its household counts as and the township that unit counts in at
 * `at` (the attribution of the county report), materialised once, then summed five ways, told apart by
 * `what`:
 * - 'line': by report row, round and item (cash: kind; goods: kind and unit): quantity, fen, households;
 * - 'row' / 'total': households reached by report row, and in all;
 * - 'round' / 'any': units counted at `at` in scope that a hand-out of the round, or any, reached.
 * The report row is the unit's township, or the hand-out's own when its household is not counted in
 * scope then; a household reached is its unit (or its record, when not counted).
 */
export function selectReliefAt(db: CountedDb, eventId: string, at: string, townships: readonly string[] | null): CompiledQuery {
  const scope = townships ? (townships.length ? [...townships] : ['']) : null;
  // Known: the household's unit is counted, and not in another township out of scope at `at`.
  const known = scope ? sql`(k.id_hmac is not null and (u.township is null or u.township in (${sql.join(scope)})))` : sql`(k.id_hmac is not null)`;
  const none = sql<string | null>`null`;
  return db
    .with(
      (cte) => cte('a').materialized(),
      (w) => {
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
        return q.select([
          sql<string>`case when ${known} and u.township is not null then u.township else r.township end`.as('row_t'),
          sql<string>`case when ${known} then 'unit:' || k.id_hmac else 'record:' || r.household_id end`.as('hkey'),
          sql<number>`case when ${known} and u.township is not null then 1 else 0 end`.as('counted'),
          'r.round', 'r.category', 'r.kind', 'r.unit', 'r.quantity', 'r.fen',
        ]);
      },
    )
    .selectFrom('a')
    .select((eb) => [
      sql<string>`'line'`.as('what'), sql<string | null>`row_t`.as('row_t'), sql<string | null>`round`.as('round'), sql<string | null>`category`.as('category'),
      sql<string | null>`kind`.as('kind'), sql<string | null>`unit`.as('unit'), sql<number | null>`sum(quantity)`.as('quantity'), sql<number | null>`sum(fen)`.as('fen'),
      sql<number>`count(distinct hkey)`.as('households'),
    ])
    .groupBy(['row_t', 'round', 'category', 'kind', 'unit'])
    .unionAll((eb) => eb.selectFrom('a').select([sql<string>`'row'`.as('what'), 'row_t', none.as('round'), none.as('category'), none.as('kind'), none.as('unit'), sql<number | null>`null`.as('quantity'), sql<number | null>`null`.as('fen'), sql<number>`count(distinct hkey)`.as('households')]).groupBy('row_t'))
    .unionAll((eb) => eb.selectFrom('a').select([sql<string>`'total'`.as('what'), none.as('row_t'), none.as('round'), none.as('category'), none.as('kind'), none.as('unit'), sql<number | null>`null`.as('quantity'), sql<number | null>`null`.as('fen'), sql<number>`count(distinct hkey)`.as('households')]))
    .unionAll((eb) => eb.selectFrom('a').select([sql<string>`'round'`.as('what'), 'row_t', 'round', none.as('category'), none.as('kind'), none.as('unit'), sql<number | null>`null`.as('quantity'), sql<number | null>`null`.as('fen'), sql<number>`count(distinct hkey)`.as('households')]).where('counted', '=', 1).groupBy(['row_t', 'round']))
    .unionAll((eb) => eb.selectFrom('a').select([sql<string>`'any'`.as('what'), 'row_t', none.as('round'), none.as('category'), none.as('kind'), none.as('unit'), sql<number | null>`null`.as('quantity'), sql<number | null>`null`.as('fen'), sql<number>`count(distinct hkey)`.as('households')]).where('counted', '=', 1).groupBy('row_t'))
    .compile();
}
