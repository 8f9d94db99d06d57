import type { CompiledQuery } from 'kysely';
import type { AppliedInsert, AuditInput, RecordKey, RecordWrite } from '../store';
import type { QueryDialect } from './query-builder';

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

export const recordKey = (entity: string, id: string) => `${entity}\u0000${id}`;

export function selectRecords(q: QueryDialect, entity: string, ids: readonly string[]): CompiledQuery {
  return q.db.selectFrom('records').selectAll().where('entity', '=', entity).where('id', 'in', ids).compile();
}

export function selectRecordSeqs(q: QueryDialect, entity: string, ids: readonly string[]): CompiledQuery {
  return q.db.selectFrom('records').select(['entity', 'id', 'server_seq']).where('entity', '=', entity).where('id', 'in', ids).compile();
}

export function selectApplied(q: QueryDialect, clientId: string, seqs: readonly number[]): CompiledQuery {
  return q.db.selectFrom('applied_changes').select(['seq', 'result', 'user_id', 'content_hash']).where('client_id', '=', clientId).where('seq', 'in', seqs).compile();
}

/**
 * Inserts or replaces records with the serverSeqs given (the store assigns them: a counter row in
 * SQLite, the sequence in PostgreSQL). An existing row keeps its created_by and created_at.
 */
export function upsertRecords(q: QueryDialect, rows: readonly { record: RecordWrite; serverSeq: number }[]): CompiledQuery {
  return q.db
    .insertInto('records')
    .values(
      rows.map(({ record: r, serverSeq }) => ({
        entity: r.entity, id: r.id, township: r.township, version: r.version, fields: JSON.stringify(r.fields),
        field_versions: JSON.stringify(r.fieldVersions), field_stamps: JSON.stringify(r.fieldStamps), server_seq: serverSeq,
        created_by: r.createdBy, updated_by: r.updatedBy, origin_client: r.originClient, created_at: r.updatedAt, updated_at: r.updatedAt,
        deleted: r.deleted ? 1 : 0, id_hmac: r.idHmac,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['entity', 'id']).doUpdateSet((eb) => ({
        township: eb.ref('excluded.township'), version: eb.ref('excluded.version'), fields: eb.ref('excluded.fields'),
        field_versions: eb.ref('excluded.field_versions'), field_stamps: eb.ref('excluded.field_stamps'), server_seq: eb.ref('excluded.server_seq'),
        updated_by: eb.ref('excluded.updated_by'), origin_client: eb.ref('excluded.origin_client'), updated_at: eb.ref('excluded.updated_at'),
        deleted: eb.ref('excluded.deleted'), id_hmac: eb.ref('excluded.id_hmac'),
      })),
    )
    .compile();
}

/** The primary key decides (SPEC P2): a pair already marked is left alone, and the count tells the caller. */
export function insertApplied(q: QueryDialect, clientId: string, rows: readonly AppliedInsert[], at: string): CompiledQuery {
  return q.db
    .insertInto('applied_changes')
    .values(rows.map((r) => ({ client_id: clientId, seq: r.seq, result: JSON.stringify(r.result), applied_at: at, user_id: r.mark?.userId ?? null, content_hash: r.mark?.contentHash ?? null })))
    .onConflict((oc) => oc.doNothing())
    .compile();
}

export function insertAudits(q: QueryDialect, entries: readonly AuditInput[]): CompiledQuery {
  return q.db
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        at: e.at, user_id: e.userId, device_id: e.deviceId, township: e.township, action: e.action, entity: e.entity ?? null,
        record_id: e.recordId ?? null, detail: e.detail == null ? null : JSON.stringify(e.detail),
      })),
    )
    .compile();
}

/** Records whose head (id_hmac) or any person (person keys) is one of these HMACs. */
export function selectRecordsByPeople(q: QueryDialect, idHmacs: readonly string[]): CompiledQuery {
  return q.db
    .selectFrom('records')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('id_hmac', 'in', idHmacs),
        eb(eb.refTuple('entity', 'id'), 'in', eb.selectFrom('person_keys').select(['entity', 'record_id']).where('id_hmac', 'in', idHmacs).$asTuple('entity', 'record_id')),
      ]),
    )
    .orderBy('server_seq')
    .compile();
}

export function selectReliefByHouseholds(q: QueryDialect, householdIds: readonly string[]): CompiledQuery {
  return q.db.selectFrom('records').selectAll().where('entity', '=', 'relief').where(q.reliefHouseholdId, 'in', householdIds).orderBy('server_seq').compile();
}

export function deletePersonKeys(q: QueryDialect, entity: string, recordIds: readonly string[]): CompiledQuery {
  return q.db.deleteFrom('person_keys').where('entity', '=', entity).where('record_id', 'in', recordIds).compile();
}

export function insertPersonKeys(q: QueryDialect, rows: readonly { entity: string; record_id: string; id_hmac: string }[]): CompiledQuery {
  return q.db.insertInto('person_keys').values(rows).onConflict((oc) => oc.doNothing()).compile();
}
