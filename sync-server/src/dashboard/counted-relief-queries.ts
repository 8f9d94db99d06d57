import type { CompiledQuery, QueryCreator } from 'kysely';
import { RELIEF_CORRECTION_ENTITY } from '../../../src/shared/schema/relief-correction';
import { paddedList } from '../store/queries/padded-list';
import { multiRowOnce } from '../store/queries/compiled-once';
import { jsonText, sql, throughIndex, type CountedDb, type CountedReliefTable, type CountedTables } from './counted-queries';

/**
 * The relief rows of migration 012 (counted-relief.ts, SPEC D7–D8), written at ingest and summed by the
 * report and the dashboard: compiled for either dialect and run by the store, like counted-queries.ts.
 */

export const deleteRelief = (db: CountedDb, handoutIds: readonly string[]): CompiledQuery =>
  db.deleteFrom('counted_relief').where('handout_id', 'in', paddedList(handoutIds)).compile();

const RELIEF_COLUMNS = ['handout_id', 'event_id', 'household_id', 'township', 'at', 'round', 'category', 'kind', 'unit', 'quantity', 'fen'] as const satisfies readonly (keyof CountedReliefTable)[];

/** Compiled once per number of rows (compiled-once.ts), as insertKeys. */
export const insertRelief = (db: CountedDb, rows: readonly CountedReliefTable[]): CompiledQuery =>
  multiRowOnce(db, 'insertRelief', rows, RELIEF_COLUMNS, (r) => db.insertInto('counted_relief').values(r as unknown as CountedReliefTable[]).compile());

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

/**
 * The live corrections of these hand-outs, through their index (migration 012). The entity as a literal:
 * the index is partial (WHERE entity = 'relief-correction'), which a parameter cannot be seen to match;
 * SQLite otherwise read every correction stored, per push, through records_entity_seq (issue 14).
 */
export const selectCorrectionsOf = (db: CountedDb, originalIds: readonly string[]): CompiledQuery =>
  throughIndex(
    db,
    db
      .selectFrom('records')
      .select(['id', 'fields'])
      .where('entity', '=', sql.lit(RELIEF_CORRECTION_ENTITY))
      .where('deleted', '=', 0)
      .where(jsonText(db, 'originalId'), 'in', paddedList(originalIds))
      .compile(),
    'records', 'records_correction_original',
  );

/**
 * Each hand-out of the event given by `at` (its record in these townships) with the unit its household
 * counts as and the township that unit counts in at `at` (the attribution of the county report): the
 * one set relief figures sum (selectReliefAt) and their records list (selectReliefRecords, SPEC D10).
 * - row_t: the report row: the unit's township, or the hand-out's own when its household is not counted in scope then;
 * - hkey: the household reached: its unit (or its record, when not counted); counted: 1 when its unit is counted at `at`.
 */
function joinedRelief(qc: QueryCreator<CountedTables>, eventId: string, at: string, townships: readonly string[] | null) {
  const scope = townships ? (townships.length ? [...townships] : ['']) : null;
  // Known: the household's unit is counted, and not in another township out of scope at `at`.
  const known = scope ? sql`(k.id_hmac is not null and (u.township is null or u.township in (${sql.join(scope)})))` : sql`(k.id_hmac is not null)`;
  let q = qc
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
  const counted = sql<number>`case when ${known} and u.township is not null then 1 else 0 end`;
  return {
    q, counted,
    rowT: sql<string>`case when ${known} and u.township is not null then u.township else r.township end`,
    hkey: sql<string>`case when ${known} then 'unit:' || k.id_hmac else 'record:' || r.household_id end`,
  };
}

function attributedRelief(qc: QueryCreator<CountedTables>, eventId: string, at: string, townships: readonly string[] | null) {
  const j = joinedRelief(qc, eventId, at, townships);
  return j.q.select([j.rowT.as('row_t'), j.hkey.as('hkey'), j.counted.as('counted'), 'r.round', 'r.category', 'r.kind', 'r.unit', 'r.quantity', 'r.fen']);
}

/** The same rows with the hand-out, its household record, the unit key and the unit's representative record (the lists, SPEC D10). */
function attributedReliefIds(qc: QueryCreator<CountedTables>, eventId: string, at: string, townships: readonly string[] | null) {
  const j = joinedRelief(qc, eventId, at, townships);
  return j.q.select([
    j.rowT.as('row_t'), j.hkey.as('hkey'), j.counted.as('counted'), 'r.round', 'r.category', 'r.kind', 'r.unit', 'r.quantity', 'r.fen',
    'r.handout_id', 'r.household_id', 'r.at',
    sql<string | null>`case when ${j.counted} = 1 then u.unit_key else null end`.as('unit_key'),
    sql<string>`case when ${j.counted} = 1 then u.record_id else r.household_id end`.as('counted_as'),
  ]);
}

/**
 * Relief at `at` in one statement (SPEC D3, D7–D8): the attributed hand-outs (attributedRelief),
 * materialised once, then summed five ways, told apart by `what`:
 * - 'line': by report row, round and item (cash: kind; goods: kind and unit): quantity, fen, households;
 * - 'row' / 'total': households reached by report row, and in all;
 * - 'round' / 'any': units counted at `at` in scope that a hand-out of the round, or any, reached.
 */
export function selectReliefAt(db: CountedDb, eventId: string, at: string, townships: readonly string[] | null): CompiledQuery {
  const none = sql<string | null>`null`;
  return db
    .with((cte) => cte('a').materialized(), (w) => attributedRelief(w, eventId, at, townships))
    .selectFrom('a')
    .select([
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

/**
 * The hand-outs behind a township's relief figure of a round (and item) at `at` (SPEC D10): the rows of
 * attributedRelief the 'line' sums of that row and round add up, in time order; at most `limit`.
 */
export function selectReliefRecords(db: CountedDb, eventId: string, at: string, townships: readonly string[] | null, o: { township: string; round: string; item?: string; limit: number }): CompiledQuery {
  let q = db
    .with((cte) => cte('a').materialized(), (w) => attributedReliefIds(w, eventId, at, townships))
    .selectFrom('a')
    .select(['handout_id', 'household_id', 'at', 'row_t', 'round', 'category', 'kind', 'unit', 'quantity', 'fen', 'counted_as'])
    .where('row_t', '=', o.township)
    .where('round', '=', o.round);
  if (o.item !== undefined) q = q.where('kind', '=', o.item);
  return q.orderBy('at').orderBy('handout_id').limit(o.limit).compile();
}

/**
 * The households behind a township's "not reached" figure at `at` (SPEC D10): the units counted there then
 * (the spans the report sums) less those the 'round' (or 'any') sums of selectReliefAt count as reached —
 * the attributed hand-outs of the unit, of that round when given. At most `limit`, in record order.
 */
export function selectNotReachedRecords(db: CountedDb, eventId: string, at: string, townships: readonly string[] | null, o: { township: string; round?: string; limit: number }): CompiledQuery {
  return db
    .with((cte) => cte('a').materialized(), (w) => attributedReliefIds(w, eventId, at, townships))
    .selectFrom('counted_spans as s')
    .select(['s.record_id', 's.township', 's.site_id', 's.status', 's.evacuation', 's.placement', 's.people'])
    .where('s.event_id', '=', eventId)
    .where('s.valid_from', '<=', at)
    .where((eb) => eb.or([eb('s.valid_to', 'is', null), eb('s.valid_to', '>', at)]))
    .where('s.township', '=', o.township)
    // An uncorrelated NOT IN: both databases read the reached units once (SQLite into an index, PostgreSQL a hashed subplan).
    .where('s.unit_key', 'not in', (eb) => {
      let r = eb.selectFrom('a').select('a.unit_key').where('a.counted', '=', 1).where('a.row_t', '=', o.township).where('a.unit_key', 'is not', null);
      if (o.round !== undefined) r = r.where('a.round', '=', o.round);
      return r;
    })
    .orderBy('s.record_id')
    .limit(o.limit)
    .compile();
}

/** The counted rows of these hand-outs (none for a voided or deleted one). */
export const selectCountedHandouts = (db: CountedDb, handoutIds: readonly string[]): CompiledQuery =>
  db.selectFrom('counted_relief').select(['handout_id', 'household_id', 'round', 'category', 'kind', 'unit', 'quantity', 'fen', 'at']).where('handout_id', 'in', [...handoutIds]).compile();
