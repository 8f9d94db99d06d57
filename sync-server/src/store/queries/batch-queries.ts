import { sql, type CompiledQuery, type RawBuilder } from 'kysely';
import type { AppliedInsert, AuditInput, RecordKey, RecordWrite } from '../store';
import type { QueryDialect } from './query-builder';
import { compiledOnce, multiRowOnce } from './compiled-once';
import { fieldStampsJson } from './stamps-json';
import { paddedList } from './padded-list';

/**
 * The queries of a push batch and of flag detection (issue 14), written once for both stores. Lists
 * go in chunks so that no statement passes either database's parameter limit (SQLite: 32,766).
 */
export const CHUNK = 500;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Keys grouped by entity, each group in chunks: the primary key (entity, id) serves `entity = ? AND id IN (…)`. */
export function keyGroups(keys: readonly RecordKey[]): { entity: string; ids: string[] }[] {
  const byEntity = new Map<string, Set<string>>();
  for (const k of keys) {
    let ids = byEntity.get(k.entity);
    if (!ids) byEntity.set(k.entity, (ids = new Set()));
    ids.add(k.id);
  }
  return [...byEntity].flatMap(([entity, ids]) => chunks([...ids]).map((c) => ({ entity, ids: c })));
}

/** Key groups (keyGroups) packed into lists of at most `size` ids in all, each list for one statement. */
export function packed(groups: readonly { entity: string; ids: string[] }[], size: number): { entity: string; ids: string[] }[][] {
  const out: { entity: string; ids: string[] }[][] = [];
  let n = size;
  for (const g of groups) {
    if (n + g.ids.length > size) {
      out.push([]);
      n = 0;
    }
    out[out.length - 1]!.push(g);
    n += g.ids.length;
  }
  return out;
}

/** Record keys one stamps statement (selectStamps) takes at most: ~2 parameters each, far below either database's limit. */
export const STAMP_KEYS = 2000;

export const recordKey = (entity: string, id: string) => `${entity}\u0000${id}`;

/**
 * A multi-row insert compiled once per (query, number of rows): Kysely's compiler takes milliseconds
 * for a 200-row VALUES list (measured: test/bench/ingest/query-layer-cost.ts) and the statement text only
 * depends on the count (compiled-once.ts `multiRowOnce`, which the count's inserts use too). The columns
 * are the first row's keys, in their order: every row here is built by one object literal.
 */
function multiRow<T extends Record<string, unknown>>(q: QueryDialect, name: string, rows: readonly T[], compile: (rows: readonly T[]) => CompiledQuery): CompiledQuery {
  const columns = Object.keys(rows[0] ?? {}) as (keyof T & string)[];
  // The push's rows never hold an undefined value: one is a bug upstream, refused here rather than bound as null.
  for (const r of rows) for (const c of columns) if (r[c] === undefined) throw new Error(`${name}: a value is undefined (use null)`);
  return multiRowOnce(q, name, rows, columns, (r) => compile(r as T[]));
}

/*
 * The look-ups below take lists: their text depends only on the lists' lengths (chunks of at most CHUNK),
 * so each is compiled once per length (compiled-once.ts, which checks on that first compile that the
 * parameters are exactly Kysely's). Issue 14, eighth session: Kysely's compiler was ~2 % of a storm's
 * server CPU, every push compiling the same texts again (test: batch-queries-compiled.test.ts).
 */
export function selectRecords(q: QueryDialect, entity: string, listed: readonly string[]): CompiledQuery {
  const ids = paddedList(listed);
  return compiledOnce(q, `selectRecords:${ids.length}`, [entity, ...ids], () => q.db.selectFrom('records').selectAll().where('entity', '=', entity).where('id', 'in', ids).compile());
}

export function selectRecordSeqs(q: QueryDialect, entity: string, listed: readonly string[]): CompiledQuery {
  const ids = paddedList(listed);
  return compiledOnce(q, `selectRecordSeqs:${ids.length}`, [entity, ...ids], () =>
    q.db.selectFrom('records').select(['entity', 'id', 'server_seq']).where('entity', '=', entity).where('id', 'in', ids).compile(),
  );
}

/**
 * What a batch merged outside the lock checks under it (SPEC L5, issue 14), in one statement: the
 * serverSeq of each record of `groups` (keyGroups: one `entity = ? AND id IN (…)` term per entity, which
 * each database serves from the primary key) and the steps of each case of `caseIds` in arrival order
 * (K5). Rows: kind 'r' (a record) or 's' (a step of case_id). On PostgreSQL each statement under the lock
 * is a round trip that waits for a busy event loop; one per entity and case made ~7 of them for a push
 * of households and a case step.
 */
export function selectStamps(q: QueryDialect, groups: readonly { entity: string; ids: readonly string[] }[], caseIds: readonly string[]): CompiledQuery {
  const name = `selectStamps:${groups.map((g) => g.ids.length).join(',')}:${caseIds.length}`;
  const parameters = [...groups.flatMap((g) => [g.entity, ...g.ids]), ...caseIds];
  return compiledOnce(q, name, parameters, () => {
    const records = q.db
      .selectFrom('records')
      .select([sql<string>`'r'`.as('kind'), 'entity', sql<string | null>`null`.as('case_id'), 'id', 'server_seq', sql<number>`0`.as('arrived')])
      .where((eb) => eb.or(groups.map((g) => eb.and([eb('entity', '=', g.entity), eb('id', 'in', [...g.ids])]))));
    const steps = q.db
      .selectFrom('case_steps as c')
      // The entity as a literal, as selectCaseSteps (record-queries.ts) joins: the records' primary key either way.
      .innerJoin('records as r', (j) => j.on(sql<boolean>`r.entity = 'caseStep'`).onRef('r.id', '=', 'c.step_id'))
      .select([sql<string>`'s'`.as('kind'), 'r.entity', 'c.case_id', 'r.id', 'r.server_seq', 'c.arrived'])
      .where('c.case_id', 'in', [...caseIds]);
    if (caseIds.length === 0) return records.compile();
    if (groups.length === 0) return steps.orderBy('arrived').compile();
    return records.unionAll(steps).orderBy('arrived').compile();
  });
}

export function selectApplied(q: QueryDialect, clientId: string, listed: readonly number[]): CompiledQuery {
  const seqs = paddedList(listed);
  return compiledOnce(q, `selectApplied:${seqs.length}`, [clientId, ...seqs], () =>
    q.db.selectFrom('applied_changes').select(['seq', 'result', 'user_id', 'content_hash']).where('client_id', '=', clientId).where('seq', 'in', seqs).compile(),
  );
}

/**
 * Inserts or replaces records with the serverSeqs given (the store assigns them: a counter row in
 * SQLite, the sequence in PostgreSQL). An existing row keeps its created_by and created_at.
 */
export function upsertRecords(q: QueryDialect, rows: readonly { record: RecordWrite; serverSeq: number }[]): CompiledQuery {
  return upsert(q, 'upsertRecords', rows.map(({ record, serverSeq }) => recordValues(record, serverSeq)));
}

const recordValues = (r: RecordWrite, serverSeq: number) => ({
  entity: r.entity, id: r.id, township: r.township, version: r.version, fields: JSON.stringify(r.fields),
  field_versions: JSON.stringify(r.fieldVersions), field_stamps: fieldStampsJson(r.fieldStamps), server_seq: serverSeq,
  created_by: r.createdBy, updated_by: r.updatedBy, origin_client: r.originClient, created_at: r.updatedAt, updated_at: r.updatedAt,
  deleted: r.deleted ? 1 : 0, id_hmac: r.idHmac,
});

function upsert(q: QueryDialect, name: string, values: ReturnType<typeof recordValues>[]): CompiledQuery {
  return multiRow(q, name, values, (v) =>
    q.db
      .insertInto('records')
      .values([...v])
      .onConflict((oc) =>
        oc.columns(['entity', 'id']).doUpdateSet((eb) => ({
          township: eb.ref('excluded.township'), version: eb.ref('excluded.version'), fields: eb.ref('excluded.fields'),
          field_versions: eb.ref('excluded.field_versions'), field_stamps: eb.ref('excluded.field_stamps'), server_seq: eb.ref('excluded.server_seq'),
          updated_by: eb.ref('excluded.updated_by'), origin_client: eb.ref('excluded.origin_client'), updated_at: eb.ref('excluded.updated_at'),
          deleted: eb.ref('excluded.deleted'), id_hmac: eb.ref('excluded.id_hmac'),
        })),
      )
      .compile(),
  );
}

/** The primary key decides (SPEC P2): a pair already marked is left alone, and the count tells the caller. */
export function insertApplied(q: QueryDialect, clientId: string, rows: readonly AppliedInsert[], at: string): CompiledQuery {
  const values = rows.map((r) => ({ client_id: clientId, seq: r.seq, result: JSON.stringify(r.result), applied_at: at, user_id: r.mark?.userId ?? null, content_hash: r.mark?.contentHash ?? null }));
  return multiRow(q, 'insertApplied', values, (v) => q.db.insertInto('applied_changes').values([...v]).onConflict((oc) => oc.doNothing()).compile());
}

export function insertAudits(q: QueryDialect, entries: readonly AuditInput[]): CompiledQuery {
  const values = entries.map((e) => ({
    at: e.at, user_id: e.userId, device_id: e.deviceId, township: e.township, action: e.action, entity: e.entity ?? null,
    record_id: e.recordId ?? null, detail: e.detail == null ? null : JSON.stringify(e.detail),
  }));
  return multiRow(q, 'insertAudits', values, (v) => q.db.insertInto('audit_log').values([...v]).compile());
}

/**
 * The parameters of hmacIn, in its order: on SQLite the HMACs' indexed prefixes (migration 015), then
 * the HMACs; on PostgreSQL the HMACs.
 */
export function hmacParams(q: QueryDialect, idHmacs: readonly string[]): string[] {
  return q.hmacPrefix === null ? [...idHmacs] : [...idHmacs.map((h) => h.slice(0, q.hmacPrefix!)), ...idHmacs];
}

/**
 * `column IN (…idHmacs)`; on SQLite through the index of the HMACs' first characters (migration 015):
 * the prefix finds the index entries, the whole HMAC decides.
 */
export function hmacIn(q: QueryDialect, column: 'id_hmac' | 'p.id_hmac', idHmacs: readonly string[]): RawBuilder<boolean> {
  // One HMAC: `=`, as the single look-ups were written before.
  const among = (values: readonly string[]) => (values.length === 1 ? sql`= ${values[0]}` : sql`in (${sql.join(values)})`);
  if (q.hmacPrefix === null) return sql<boolean>`${sql.ref(column)} ${among(idHmacs)}`;
  const prefixes = idHmacs.map((h) => h.slice(0, q.hmacPrefix!));
  return sql<boolean>`(substr(${sql.ref(column)}, 1, ${sql.lit(q.hmacPrefix)}) ${among(prefixes)} and ${sql.ref(column)} ${among(idHmacs)})`;
}

/** Records whose head (id_hmac) or any person (person keys) is one of these HMACs. */
export function selectRecordsByPeople(q: QueryDialect, listed: readonly string[]): CompiledQuery {
  const idHmacs = paddedList(listed);
  const both = hmacParams(q, idHmacs);
  return compiledOnce(q, `selectRecordsByPeople:${idHmacs.length}`, [...both, ...both], () => q.db
    .selectFrom('records')
    .selectAll()
    .where((eb) =>
      eb.or([
        hmacIn(q, 'id_hmac', idHmacs),
        eb(eb.refTuple('entity', 'id'), 'in', eb.selectFrom('person_keys').select(['entity', 'record_id']).where(hmacIn(q, 'id_hmac', idHmacs)).$asTuple('entity', 'record_id')),
      ]),
    )
    .orderBy('server_seq')
    .compile());
}

/**
 * Which of these people more than one record names (by head or person key, any event, deleted ones
 * too): only those can be anyone's duplicate, so only their records need reading (issue 14).
 */
export function selectSharedPeople(q: QueryDialect, listed: readonly string[]): CompiledQuery {
  // Padded (padded-list.ts): the flag search's text was a new one, prepared anew, on every push.
  const idHmacs = paddedList(listed);
  const both = hmacParams(q, idHmacs);
  return compiledOnce(q, `selectSharedPeople:${idHmacs.length}`, [...both, ...both, 1], () => {
    const heads = q.db.selectFrom('records').select(['id_hmac as k', 'entity', 'id as rid']).where(hmacIn(q, 'id_hmac', idHmacs));
    const people = q.db.selectFrom('person_keys').select(['id_hmac as k', 'entity', 'record_id as rid']).where(hmacIn(q, 'id_hmac', idHmacs));
    return q.db
      .selectFrom(heads.union(people).as('u'))
      .select('u.k')
      .groupBy('u.k')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .compile();
  });
}

export function selectReliefByHouseholds(q: QueryDialect, listed: readonly string[]): CompiledQuery {
  const householdIds = paddedList(listed);
  // The entity as a literal, not a parameter: the index of migration 007 is partial (WHERE entity = 'relief').
  // Through that index on SQLite too (indexed-by.ts): records_entity_seq would read every hand-out stored.
  return compiledOnce(q, `selectReliefByHouseholds:${householdIds.length}`, householdIds, () =>
    q.indexedBy(
      q.db.selectFrom('records').selectAll().where(sql<boolean>`entity = 'relief'`).where(q.reliefHouseholdId, 'in', householdIds).orderBy('server_seq').compile(),
      'records', 'records_relief_household',
    ),
  );
}

export function deletePersonKeys(q: QueryDialect, entity: string, recordIds: readonly string[]): CompiledQuery {
  return compiledOnce(q, `deletePersonKeys:${recordIds.length}`, [entity, ...recordIds], () =>
    q.db.deleteFrom('person_keys').where('entity', '=', entity).where('record_id', 'in', recordIds).compile(),
  );
}

export function insertPersonKeys(q: QueryDialect, rows: readonly { entity: string; record_id: string; id_hmac: string }[]): CompiledQuery {
  const values = rows.map((r) => ({ entity: r.entity, record_id: r.record_id, id_hmac: r.id_hmac }));
  return multiRow(q, 'insertPersonKeys', values, (v) => q.db.insertInto('person_keys').values([...v]).onConflict((oc) => oc.doNothing()).compile());
}
