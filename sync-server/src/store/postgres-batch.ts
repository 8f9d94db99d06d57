import { randomBytes } from 'node:crypto';
import type { CompiledQuery } from 'kysely';
import type { BatchWrite } from './store';

/**
 * A push batch's writes (StoreTx.writeBatch) as PostgreSQL's one statement (issue 14): each write a
 * data-modifying WITH query over typed arrays (unnest; the records as one jsonb array, recordsJson), so
 * that the text does not depend on how many rows a push writes. The store sends it as a named prepared
 * statement (batchStatementName): PostgreSQL parses it once per connection, where a text with one
 * parameter per value (~2,000 a push) was parsed, bound and planned anew every push, under the
 * serialising lock. Twelfth session: the statement's backend CPU 20-22 ms a push before, 14-15 ms after
 * (ingest-issue14.md).
 *
 * The parts touch different tables and read no other part's rows but `written`, so that they see one
 * snapshot and run in no set order does not matter; every part is always there (an empty array writes
 * nothing), so a schema has one text per list of sub-store statements (`also`).
 */

/** The arrays of a batch's rows, built before the lock (StoreTx.prepareBatch): Node's JSON work, off the lock. */
export interface BatchArrays {
  parameters: unknown[];
}

/** How many parameters the fixed parts take ($1…$FIXED); the stamps to check and the sub-stores' statements follow. */
const FIXED = 20;

/**
 * The fixed parts' parameters, in the text's order (fixedParts): the marks, the records (numbered in the
 * order given, SPEC L2), the audit entries (their ids in the order given), the person index, the case links.
 */
export function batchArrays(w: BatchWrite): BatchArrays {
  const column = <T, V>(rows: readonly T[], value: (row: T) => V): V[] => rows.map(value);
  const keyRows = w.personKeys.flatMap((e) => [...new Set(e.idHmacs)].map((h) => [e.entity, e.recordId, h] as const));
  const { marks, records: r, audits: a, links } = w;
  const parameters: unknown[] = [
    w.clientId, w.at,
    column(marks, (m) => m.seq), column(marks, (m) => JSON.stringify(m.result)), column(marks, (m) => m.mark?.userId ?? null), column(marks, (m) => m.mark?.contentHash ?? null),
    recordsJson(r),
    column(a, (e) => e.at), column(a, (e) => e.userId), column(a, (e) => e.deviceId), column(a, (e) => e.township), column(a, (e) => e.action),
    column(a, (e) => e.entity ?? null), column(a, (e) => e.recordId ?? null), column(a, (e) => (e.detail == null ? null : JSON.stringify(e.detail))),
    column(keyRows, (k) => k[0]), column(keyRows, (k) => k[1]), column(keyRows, (k) => k[2]),
    column(links, (l) => l.caseId), column(links, (l) => l.stepId),
  ];
  if (parameters.length !== FIXED) throw new Error(`batchArrays: ${parameters.length} parameters, not ${FIXED}`);
  return { parameters };
}

/** jsonb's binary input (jsonb_recv): the format version, 1, then the JSON text. */
const JSONB_BINARY_VERSION = Buffer.from([1]);

/**
 * The records as one jsonb array of rows (jsonb_to_recordset), their fields, versions and stamps as
 * objects in it, in jsonb's binary form: a Buffer, which `pg` sends as it is (binary format). Each row is
 * stringified alone and the pieces joined in a Buffer. Why: text[] arrays of JSON texts had `pg` escape
 * every quote of every record's JSON for the array literal (3.5-8 ms of Node's CPU a push, twelfth
 * session); one JSON text of all rows is one ~300 KB string a push, of which the storm's peak RSS showed
 * ~20 MB more than the old parameters' many small strings. A Buffer's bytes live outside the JS heap and
 * go with the push.
 */
function recordsJson(records: BatchWrite['records']): Buffer {
  const pieces: Buffer[] = [JSONB_BINARY_VERSION];
  records.forEach((x, i) => {
    const row = JSON.stringify({
      entity: x.entity, id: x.id, township: x.township, version: x.version, fields: x.fields, field_versions: x.fieldVersions, field_stamps: x.fieldStamps,
      created_by: x.createdBy, updated_by: x.updatedBy, origin_client: x.originClient, updated_at: x.updatedAt, deleted: x.deleted, id_hmac: x.idHmac,
    });
    pieces.push(Buffer.from(`${i === 0 ? '[' : ','}${row}`));
  });
  pieces.push(Buffer.from(records.length === 0 ? '[]' : ']'));
  return Buffer.concat(pieces);
}

/** Nothing to write: every change of the push was applied before (P2), and no sub-store row. */
export function writesNothing(w: BatchWrite): boolean {
  return w.marks.length + w.records.length + w.audits.length + w.personKeys.length + w.links.length === 0;
}

/** The fixed parts' WITH queries ($1…$FIXED), schema-qualified (`t`). */
function fixedParts(t: (table: string) => string): string[] {
  const recordColumns = 'township, version, fields, field_versions, field_stamps, server_seq, updated_by, origin_client, updated_at, deleted, id_hmac';
  return [
    // The primary key decides (SPEC P2): a pair already marked is left alone, and the count tells the caller.
    `marked AS (INSERT INTO ${t('applied_changes')} (client_id, seq, result, applied_at, user_id, content_hash) ` +
      `SELECT $1::text, m.seq, m.result, $2::timestamptz, m.user_id, m.content_hash ` +
      `FROM unnest($3::bigint[], $4::jsonb[], $5::text[], $6::text[]) AS m (seq, result, user_id, content_hash) ON CONFLICT DO NOTHING RETURNING 1)`,
    // SPEC L2: nextval row after row in the order given (the ordinality's order: the function scan's own).
    // An existing row keeps its created_by and created_at. The rows come as one jsonb array (recordsJson).
    `written AS (INSERT INTO ${t('records')} (entity, id, township, version, fields, field_versions, field_stamps, server_seq, created_by, updated_by, origin_client, created_at, updated_at, deleted, id_hmac) ` +
      `SELECT r.entity, r.id, r.township, r.version, r.fields, r.field_versions, r.field_stamps, nextval('${t('server_seq_counter')}'), ` +
      `r.created_by, r.updated_by, r.origin_client, r.updated_at, r.updated_at, r.deleted, r.id_hmac ` +
      `FROM ROWS FROM (jsonb_to_recordset($7::jsonb) AS (entity text, id text, township text, version int, fields jsonb, field_versions jsonb, field_stamps jsonb, ` +
      `created_by text, updated_by text, origin_client text, updated_at timestamptz, deleted boolean, id_hmac text)) ` +
      `WITH ORDINALITY AS r (entity, id, township, version, fields, field_versions, field_stamps, created_by, updated_by, origin_client, updated_at, deleted, id_hmac, n) ORDER BY r.n ` +
      `ON CONFLICT (entity, id) DO UPDATE SET ${recordColumns.split(', ').map((c) => `${c} = excluded.${c}`).join(', ')} RETURNING entity, id, server_seq)`,
    `audited AS (INSERT INTO ${t('audit_log')} (at, user_id, device_id, township, action, entity, record_id, detail) ` +
      `SELECT a.at, a.user_id, a.device_id, a.township, a.action, a.entity, a.record_id, a.detail ` +
      `FROM unnest($8::timestamptz[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::jsonb[]) ` +
      `WITH ORDINALITY AS a (at, user_id, device_id, township, action, entity, record_id, detail, n) ORDER BY a.n)`,
    `keyed AS (INSERT INTO ${t('person_keys')} (entity, record_id, id_hmac) SELECT * FROM unnest($16::text[], $17::text[], $18::text[]) ON CONFLICT DO NOTHING)`,
    // A step this batch wrote arrives at the serverSeq just given (SPEC K5); one written before keeps its stored one
    // (a scalar look-up: one probe of the primary key, whatever the planner thinks of the array's length).
    `linked AS (INSERT INTO ${t('case_steps')} (case_id, step_id, arrived) ` +
      `SELECT v.case_id, v.step_id, COALESCE(w.server_seq, (SELECT s.server_seq FROM ${t('records')} s WHERE s.entity = 'caseStep' AND s.id = v.step_id), 0) ` +
      `FROM unnest($19::text[], $20::text[]) AS v (case_id, step_id) LEFT JOIN written w ON w.entity = 'caseStep' AND w.id = v.step_id ON CONFLICT DO NOTHING)`,
  ];
}

/**
 * The reads a batch merged outside the lock checks under it (SPEC L5), as rows of stampsOf (sql-store.ts):
 * each record's serverSeq (kind 'r'), each case's steps (kind 's'). LATERAL with OFFSET 0 keeps one
 * primary-key probe per key: a storm's fresh tables have no statistics, and a list or array compared
 * whole was planned as a scan of the table (eleventh session, the shared-people read).
 */
function stampsPart(t: (table: string) => string, p: number): string {
  return (
    `stamps AS (SELECT 'r'::text AS kind, k.entity, NULL::text AS case_id, k.id, x.server_seq, 0::bigint AS arrived ` +
    `FROM unnest($${p}::text[], $${p + 1}::text[]) AS k (entity, id) ` +
    `CROSS JOIN LATERAL (SELECT r.server_seq FROM ${t('records')} r WHERE r.entity = k.entity AND r.id = k.id OFFSET 0) AS x ` +
    `UNION ALL SELECT 's'::text, 'caseStep', k.case_id, x.id, x.server_seq, x.arrived FROM unnest($${p + 2}::text[]) AS k (case_id) ` +
    `CROSS JOIN LATERAL (SELECT r.id, r.server_seq, c.arrived FROM ${t('case_steps')} c JOIN ${t('records')} r ON r.entity = 'caseStep' AND r.id = c.step_id ` +
    `WHERE c.case_id = k.case_id OFFSET 0) AS x)`
  );
}

/**
 * A compiled statement's parameters $1…$n as $(offset+1)…$(offset+n), for a statement that joins it with others.
 * A scan, not a regular expression with a callback per match (issue 14, eleventh session).
 */
export function renumbered(text: string, offset: number): string {
  if (offset === 0) return text;
  // Kysely writes every value as a parameter and quotes identifiers with ": a $ outside a parameter would be this store's own text.
  let out = '';
  let from = 0;
  for (let i = text.indexOf('$'); i !== -1; i = text.indexOf('$', i)) {
    let j = i + 1;
    let n = 0;
    for (let c = text.charCodeAt(j); c >= 48 && c <= 57; c = text.charCodeAt(++j)) n = n * 10 + c - 48;
    if (j === i + 1) {
      i = j;
      continue;
    }
    out += text.slice(from, i + 1) + String(n + offset);
    from = i = j;
  }
  return out + text.slice(from);
}

/**
 * The statement of `arrays` (batchArrays), with the reads to check (null: none) and the sub-stores'
 * statements (`also`, e.g. the counter's marks) after the fixed parts. Its answer: one row, `marked` (new
 * marks) and `stamps` (the rows of the reads, json; null when none).
 */
export function batchStatement(
  t: (table: string) => string,
  arrays: BatchArrays,
  check: { keys: readonly { entity: string; id: string }[]; caseIds: readonly string[] } | null,
  also: readonly CompiledQuery[],
): { text: string; parameters: unknown[] } {
  const parameters = [...arrays.parameters];
  const ctes = fixedParts(t);
  if (check) {
    ctes.push(stampsPart(t, parameters.length + 1));
    parameters.push(check.keys.map((k) => k.entity), check.keys.map((k) => k.id), [...new Set(check.caseIds)]);
  }
  also.forEach((q, i) => {
    ctes.push(`also${i} AS (${renumbered(q.sql, parameters.length)})`);
    for (const v of q.parameters) parameters.push(v);
  });
  const read = check ? '(SELECT json_agg(s ORDER BY s.arrived) FROM stamps s)' : 'NULL::json';
  return { text: `WITH ${ctes.join(', ')} SELECT (SELECT count(*) FROM marked)::int AS marked, ${read} AS stamps`, parameters };
}

/** Texts prepared so far, in every store of the process (the text names its schema): the number names it. */
const prepared = new Map<string, number>();
/** Past this many texts a new one goes unnamed: a sub-store whose text varies must not fill every backend's memory. */
const MAX_PREPARED = 64;
const clientIds = new WeakMap<object, number>();
let nextClient = 0;
/** This process's (or worker thread's) own part of the names: test workers sharing one PGlite session number their clients alike. */
const PROCESS_TAG = randomBytes(4).toString('hex');

/**
 * The prepared statement's name for `text` on `client` (undefined: send it unnamed). The client's own
 * number and the process's tag are in it: PGlite serves every connection (of every test worker) from one
 * session, where two clients preparing one name would collide; on a real server each connection has its
 * own statements either way.
 */
export function batchStatementName(client: object, text: string): string | undefined {
  let n = prepared.get(text);
  if (n === undefined) {
    if (prepared.size >= MAX_PREPARED) return undefined;
    prepared.set(text, (n = prepared.size));
  }
  let c = clientIds.get(client);
  if (c === undefined) clientIds.set(client, (c = nextClient++));
  return `tidemark_batch_${PROCESS_TAG}_${n}_${c}`;
}
