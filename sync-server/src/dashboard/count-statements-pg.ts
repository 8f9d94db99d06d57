import type { CompiledQuery } from 'kysely';
import { chinaDate } from '../../../src/shared/rules/china-time';
import { RELIEF_CORRECTION_ENTITY } from '../../../src/shared/schema/relief-correction';
import type { CountWrites } from './count-io';
import { PARSE_KEPT } from './parse-kept';
import { compiledText } from '../store/queries/compiled-text';

/**
 * The counter's statements on PostgreSQL (issue 14, fourteenth session; SPEC D9): each read and the writes
 * one statement over typed arrays (unnest), whose text does not depend on how many rows it carries, as the
 * push's batch statement (store/postgres-batch.ts). Before, a count transaction of 500 households sent ~34
 * (lists in chunks of 400, keys of 200, spans of 100, a look-up per event and chunk of people), each a round
 * trip under the records lock that waited for the event loop a push's merge kept busy.
 * Look-ups of a list go one key at a time (LATERAL … OFFSET 0: one index probe per key), as the batch's
 * stamps do: on tables never analysed, an array compared whole was planned as a scan (eleventh session).
 */

const texts = new Map<string, string>();

/** The statement `name` of this schema, its text built once. */
function statement(schema: string | null, name: string, build: (t: (table: string) => string) => string, parameters: unknown[]): CompiledQuery {
  const key = `${schema ?? ''}\u0000${name}`;
  let text = texts.get(key);
  if (text === undefined) texts.set(key, (text = build((table) => (schema ? `"${schema}"."${table}"` : `"${table}"`))));
  return compiledText(text, parameters);
}

/** The columns of a record a count reads (count-io.ts CountedRecord), and the same as nulls for the rows of other kinds. */
const RECORD = 'r.township, r.version, r.fields, r.updated_at, r.deleted';
const NO_RECORD = 'NULL::text AS township, NULL::int AS version, NULL::jsonb AS fields, NULL::timestamptz AS updated_at, NULL::boolean AS deleted';

/**
 * A record's columns, a household's without its fields: `due` reads those only of households no push of this
 * process parsed (recordFields); other records' (hand-outs, corrections: no push parse is kept) come with them.
 */
const HEAD = `r.township, r.version, CASE WHEN r.entity = '${PARSE_KEPT}' THEN NULL ELSE r.fields END AS fields, r.updated_at, r.deleted`;

/**
 * The oldest marks (kind 'd': mark, entity, id), the records they name without their fields (kind 'r') and
 * the counted keys of the households among them (kind 'k'): the counter's selectDue, getRecords and
 * selectKeysOfRecords at once.
 */
export const dueWithRecords = (schema: string | null, limit: number): CompiledQuery =>
  statement(schema, 'due', (t) =>
    `WITH due AS (SELECT id, entity, record_id FROM ${t('counting_due')} ORDER BY id LIMIT $1), ` +
    `named AS (SELECT DISTINCT entity, record_id FROM due) ` +
    `SELECT 'd' AS kind, d.id::text AS mark, d.entity, d.record_id AS id, ${NO_RECORD}, NULL::text AS event_id, NULL::text AS record_id, NULL::text AS id_hmac, NULL::int AS is_head FROM due d ` +
    `UNION ALL SELECT 'r', NULL, r.entity, r.id, ${HEAD}, NULL, NULL, NULL, NULL FROM named n ` +
    `CROSS JOIN LATERAL (SELECT * FROM ${t('records')} r WHERE r.entity = n.entity AND r.id = n.record_id OFFSET 0) AS r ` +
    `UNION ALL SELECT 'k', NULL, NULL, NULL, ${NO_RECORD.replace(/ AS \w+/g, '')}, k.event_id, k.record_id, k.id_hmac, k.is_head FROM named n ` +
    `CROSS JOIN LATERAL (SELECT * FROM ${t('counted_keys')} k WHERE k.record_id = n.record_id OFFSET 0) AS k WHERE n.entity = 'household'`,
  [limit]);

/** The stored fields of these records (entity, id, fields): those of `due` that no push of this process parsed. */
export const recordFields = (schema: string | null, keys: readonly { entity: string; id: string }[]): CompiledQuery =>
  statement(schema, 'fields', (t) =>
    `SELECT r.entity, r.id, r.fields FROM unnest($1::text[], $2::text[]) AS n (entity, id) ` +
    `CROSS JOIN LATERAL (SELECT * FROM ${t('records')} r WHERE r.entity = n.entity AND r.id = n.id OFFSET 0) AS r`,
  [keys.map((k) => k.entity), keys.map((k) => k.id)]);

/**
 * The household records of each event that name one of its people (kind 'f': event_id, id), and those of
 * them not in `fetched` as stored (kind 'r'): one step of the counter's search for linked households.
 */
export const namingRecords = (schema: string | null, people: readonly { eventId: string; key: string }[], fetched: readonly string[]): CompiledQuery =>
  statement(schema, 'naming', (t) =>
    `WITH found AS (SELECT DISTINCT p.event_id, c.record_id FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[]) AS p (event_id, id_hmac)) AS p ` +
    `CROSS JOIN LATERAL (SELECT c.record_id FROM ${t('counted_keys')} c WHERE c.event_id = p.event_id AND c.id_hmac = p.id_hmac OFFSET 0) AS c) ` +
    `SELECT 'f' AS kind, f.event_id, f.record_id AS id, ${NO_RECORD} FROM found f ` +
    `UNION ALL SELECT 'r', NULL, r.id, ${RECORD} FROM (SELECT DISTINCT record_id FROM found WHERE record_id NOT IN (SELECT unnest($3::text[]))) AS n ` +
    `CROSS JOIN LATERAL (SELECT * FROM ${t('records')} r WHERE r.entity = 'household' AND r.id = n.record_id OFFSET 0) AS r`,
  [people.map((p) => p.eventId), people.map((p) => p.key), fetched]);

/**
 * The search for linked households (person-rows.ts recountHouseholds) done in the database in one statement:
 * from the people `seeds` (event, key), every record of the event naming one (counted_keys), then every person
 * those records name — the changed households' new people (`fresh`) in place of their counted rows — until
 * none is new. Answers each person reached (kind 'w'), each record naming one (kind 'e') and those records
 * not in `fetched` as stored (kind 'r'). A record whose counted rows are not its stored fields (marked for a
 * later count) can make the search differ from the counter's: the counter checks each step against the
 * records' fields and asks namingRecords for what the search did not reach.
 */
export const linkedSearch = (
  schema: string | null,
  seeds: readonly { eventId: string; key: string }[],
  fresh: readonly { event_id: string; record_id: string; id_hmac: string }[],
  changed: readonly string[],
  fetched: readonly string[],
): CompiledQuery =>
  statement(schema, 'linked', (t) =>
    `WITH RECURSIVE fresh AS (SELECT * FROM unnest($3::text[], $4::text[], $5::text[]) AS f (event_id, record_id, id_hmac)), ` +
    `changed AS (SELECT DISTINCT * FROM unnest($6::text[]) AS c (record_id)), ` +
    `walk (event_id, id_hmac) AS (SELECT * FROM unnest($1::text[], $2::text[]) ` +
    `UNION SELECT n.event_id, n.id_hmac FROM walk w ` +
    `CROSS JOIN LATERAL (SELECT c.record_id FROM ${t('counted_keys')} c WHERE c.event_id = w.event_id AND c.id_hmac = w.id_hmac OFFSET 0) AS c ` +
    `CROSS JOIN LATERAL (SELECT k.event_id, k.id_hmac FROM ${t('counted_keys')} k WHERE k.event_id = w.event_id AND k.record_id = c.record_id ` +
    `AND c.record_id NOT IN (SELECT record_id FROM changed) ` +
    `UNION ALL SELECT f.event_id, f.id_hmac FROM fresh f WHERE f.record_id = c.record_id AND f.event_id = w.event_id) AS n), ` +
    `edges AS (SELECT DISTINCT w.event_id, w.id_hmac, c.record_id FROM walk w ` +
    `CROSS JOIN LATERAL (SELECT c.record_id FROM ${t('counted_keys')} c WHERE c.event_id = w.event_id AND c.id_hmac = w.id_hmac OFFSET 0) AS c) ` +
    `SELECT 'w' AS kind, w.event_id, w.id_hmac, NULL::text AS id, ${NO_RECORD} FROM walk w ` +
    `UNION ALL SELECT 'e', e.event_id, e.id_hmac, e.record_id, ${NO_RECORD.replace(/ AS \w+/g, '')} FROM edges e ` +
    `UNION ALL SELECT 'r', NULL, NULL, r.id, ${RECORD} FROM (SELECT DISTINCT record_id FROM edges WHERE record_id NOT IN (SELECT unnest($7::text[]))) AS n ` +
    `CROSS JOIN LATERAL (SELECT * FROM ${t('records')} r WHERE r.entity = 'household' AND r.id = n.record_id OFFSET 0) AS r`,
  [seeds.map((p) => p.eventId), seeds.map((p) => p.key), fresh.map((f) => f.event_id), fresh.map((f) => f.record_id), fresh.map((f) => f.id_hmac), changed, fetched]);

/**
 * The hand-outs `originals` as stored (kind 'o') and the live corrections of the hand-outs `correctionsOf`
 * (kind 'c', through records_correction_original: the entity a literal, as its partial index needs).
 */
export const reliefReads = (schema: string | null, originals: readonly string[], correctionsOf: readonly string[]): CompiledQuery =>
  statement(schema, 'relief', (t) =>
    `SELECT 'o' AS kind, r.id, ${RECORD} FROM unnest($1::text[]) AS o (id) ` +
    `CROSS JOIN LATERAL (SELECT * FROM ${t('records')} r WHERE r.entity = 'relief' AND r.id = o.id OFFSET 0) AS r ` +
    `UNION ALL SELECT 'c', r.id, ${RECORD} FROM (SELECT DISTINCT * FROM unnest($2::text[])) AS o (id) ` +
    `CROSS JOIN LATERAL (SELECT * FROM ${t('records')} r WHERE r.entity = '${RELIEF_CORRECTION_ENTITY}' AND r.deleted = false AND (r.fields ->> 'originalId') = o.id OFFSET 0) AS r`,
  [[...new Set(originals)], correctionsOf]);

/**
 * What a count replaces, in one statement (count-io.ts CountWrites): the rows that come, the rows that go, the
 * marks counted. The WITH parts see one snapshot and not each other's rows, so they must touch disjoint rows
 * (a row deleted in one part is still there for another's unique check): a row that comes again under its
 * key (every counting table has one) is written in place by the insert's ON CONFLICT and left out of the
 * delete; the other rows of the records, units and hand-outs counted go. So the tables hold what deleting
 * every row of the count and then inserting the new ones gave.
 */
export function countWrite(schema: string | null, w: CountWrites): CompiledQuery {
  const col = <T, V>(rows: readonly T[], f: (row: T) => V): V[] => rows.map(f);
  const { keys, spans: s, unreadable: u, relief: r } = w;
  const spanColumns = [
    'valid_to', 'record_id', 'township', 'status', 'evacuation', 'placement', 'site_id', 'people', 'need_emergency', 'need_transitional', 'damage_level', 'damage_rooms',
    'dead', 'missing', 'injured', 'from_day', 'to_day',
  ];
  const reliefColumns = ['event_id', 'household_id', 'township', 'at', 'round', 'category', 'kind', 'unit', 'quantity', 'fen'];
  return statement(schema, 'write', (t) =>
    `WITH nk AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS n (event_id, record_id, id_hmac, is_head)), ` +
    `k AS (INSERT INTO ${t('counted_keys')} AS x (event_id, record_id, id_hmac, is_head) SELECT * FROM nk ` +
    `ON CONFLICT (event_id, record_id, id_hmac) DO UPDATE SET is_head = excluded.is_head WHERE x.is_head <> excluded.is_head), ` +
    `dk AS (DELETE FROM ${t('counted_keys')} x USING (SELECT DISTINCT * FROM unnest($39::text[])) AS d (record_id) WHERE x.record_id = d.record_id ` +
    `AND NOT EXISTS (SELECT 1 FROM nk WHERE nk.event_id = x.event_id AND nk.record_id = x.record_id AND nk.id_hmac = x.id_hmac)), ` +
    `ns AS (SELECT * FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], ` +
    `$15::int[], $16::int[], $17::int[], $18::text[], $19::int[], $20::int[], $21::int[], $22::int[], $23::text[], $24::text[]) AS n (event_id, unit_key, valid_from, ${spanColumns.join(', ')})), ` +
    `s AS (INSERT INTO ${t('counted_spans')} (event_id, unit_key, valid_from, ${spanColumns.join(', ')}) SELECT * FROM ns ` +
    `ON CONFLICT (event_id, unit_key, valid_from) DO UPDATE SET ${spanColumns.map((c) => `${c} = excluded.${c}`).join(', ')}), ` +
    `ds AS (DELETE FROM ${t('counted_spans')} x USING (SELECT DISTINCT * FROM unnest($40::text[], $41::text[])) AS d (event_id, unit_key) WHERE x.event_id = d.event_id AND x.unit_key = d.unit_key ` +
    `AND NOT EXISTS (SELECT 1 FROM ns WHERE ns.event_id = x.event_id AND ns.unit_key = x.unit_key AND ns.valid_from = x.valid_from)), ` +
    `nu AS (SELECT * FROM unnest($25::text[], $26::text[], $27::text[]) AS n (entity, record_id, township)), ` +
    `u AS (INSERT INTO ${t('counted_unreadable')} AS x (entity, record_id, township) SELECT * FROM nu ` +
    `ON CONFLICT (entity, record_id) DO UPDATE SET township = excluded.township WHERE x.township IS DISTINCT FROM excluded.township), ` +
    `du AS (DELETE FROM ${t('counted_unreadable')} x USING unnest($42::text[], $43::text[]) AS d (entity, record_id) WHERE x.entity = d.entity AND x.record_id = d.record_id ` +
    `AND NOT EXISTS (SELECT 1 FROM nu WHERE nu.entity = x.entity AND nu.record_id = x.record_id)), ` +
    `nr AS (SELECT * FROM unnest($28::text[], $29::text[], $30::text[], $31::text[], $32::text[], $33::text[], $34::text[], $35::text[], $36::text[], $37::float8[], $38::int[]) ` +
    `AS n (handout_id, ${reliefColumns.join(', ')})), ` +
    `r AS (INSERT INTO ${t('counted_relief')} (handout_id, ${reliefColumns.join(', ')}) SELECT * FROM nr ` +
    `ON CONFLICT (handout_id) DO UPDATE SET ${reliefColumns.map((c) => `${c} = excluded.${c}`).join(', ')}), ` +
    `dr AS (DELETE FROM ${t('counted_relief')} x USING (SELECT DISTINCT * FROM unnest($44::text[])) AS d (handout_id) WHERE x.handout_id = d.handout_id ` +
    `AND NOT EXISTS (SELECT 1 FROM nr WHERE nr.handout_id = x.handout_id)), ` +
    `m AS (DELETE FROM ${t('counting_due')} x USING unnest($45::bigint[]) AS d (id) WHERE x.id = d.id) ` +
    `SELECT 1 AS done`,
  [
    col(keys, (k) => k.event_id), col(keys, (k) => k.record_id), col(keys, (k) => k.id_hmac), col(keys, (k) => k.is_head),
    col(s, (x) => x.eventId), col(s, (x) => x.unitKey), col(s, (x) => x.validFrom), col(s, (x) => x.validTo), col(s, (x) => x.recordId), col(s, (x) => x.township),
    col(s, (x) => x.status), col(s, (x) => x.evacuation), col(s, (x) => x.placement), col(s, (x) => x.siteId), col(s, (x) => x.people), col(s, (x) => x.needEmergency),
    col(s, (x) => x.needTransitional), col(s, (x) => x.damageLevel), col(s, (x) => x.damageRooms), col(s, (x) => x.dead), col(s, (x) => x.missing), col(s, (x) => x.injured),
    col(s, (x) => chinaDate(Date.parse(x.validFrom))), col(s, (x) => (x.validTo === null ? null : chinaDate(Date.parse(x.validTo)))),
    col(u, (x) => x.entity), col(u, (x) => x.record_id), col(u, (x) => x.township),
    col(r, (x) => x.handout_id), col(r, (x) => x.event_id), col(r, (x) => x.household_id), col(r, (x) => x.township), col(r, (x) => x.at), col(r, (x) => x.round),
    col(r, (x) => x.category), col(r, (x) => x.kind), col(r, (x) => x.unit), col(r, (x) => x.quantity), col(r, (x) => x.fen),
    w.keysOf, w.unitsOf.map((x) => x.eventId), w.unitsOf.map((x) => x.unitKey), w.unreadableOf.map((x) => x[0]), w.unreadableOf.map((x) => x[1]), w.reliefOf, w.due,
  ]);
}
