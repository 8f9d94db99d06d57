import { sql, type CompiledQuery, type Expression, type SelectQueryBuilder } from 'kysely';
import type { AppliedMark, AttachmentRow, AuditFilter, ListRecordsQuery, RecordScope, RecordWrite } from '../store';
import type { ChangeResult } from '../../../../src/shared/protocol/messages';
import type { QueryDialect, Tables } from './query-builder';
import { hmacIn } from './batch-queries';

/**
 * Records read one by one or by cursor, marks of applied changes, case steps, attachments and the audit
 * log, written once for both stores (issue 14). The batch forms are in batch-queries.ts.
 */

const NOTHING = sql<boolean>`FALSE`;

/** `forUpdate`: lock the row till the transaction ends, where the database has row locks (PostgreSQL). */
export function selectRecord(q: QueryDialect, entity: string, id: string, forUpdate = false): CompiledQuery {
  return q.db
    .selectFrom('records')
    .selectAll()
    .where('entity', '=', entity)
    .where('id', '=', id)
    .$if(forUpdate && q.rowLocks, (qb) => qb.forUpdate())
    .compile();
}

/**
 * Inserts or replaces one record with `serverSeq` (a number, or the sequence's next value as an
 * expression) and hands back what the database kept: serverSeq, and an existing row's createdBy/createdAt.
 */
export function upsertRecord(q: QueryDialect, r: RecordWrite, serverSeq: number | Expression<number>): CompiledQuery {
  return q.db
    .insertInto('records')
    .values({
      entity: r.entity, id: r.id, township: r.township, version: r.version, fields: JSON.stringify(r.fields),
      field_versions: JSON.stringify(r.fieldVersions), field_stamps: JSON.stringify(r.fieldStamps), server_seq: serverSeq,
      created_by: r.createdBy, updated_by: r.updatedBy, origin_client: r.originClient, created_at: r.updatedAt, updated_at: r.updatedAt,
      deleted: r.deleted ? 1 : 0, id_hmac: r.idHmac,
    })
    .onConflict((oc) =>
      oc.columns(['entity', 'id']).doUpdateSet((eb) => ({
        township: eb.ref('excluded.township'), version: eb.ref('excluded.version'), fields: eb.ref('excluded.fields'),
        field_versions: eb.ref('excluded.field_versions'), field_stamps: eb.ref('excluded.field_stamps'), server_seq: eb.ref('excluded.server_seq'),
        updated_by: eb.ref('excluded.updated_by'), origin_client: eb.ref('excluded.origin_client'), updated_at: eb.ref('excluded.updated_at'),
        deleted: eb.ref('excluded.deleted'), id_hmac: eb.ref('excluded.id_hmac'),
      })),
    )
    .returning(['server_seq', 'created_by', 'created_at', 'updated_at'])
    .compile();
}

/** The most arms (one an area) of the pull's UNION ALL (SQLite allows 500); a wider scope is read by serverSeq. */
export const MAX_PULL_AREAS = 64;

/** SQLite's index of `server_seq INTEGER NOT NULL UNIQUE` (migration 001): the first UNIQUE of the table. */
const SEQ_INDEX = 'sqlite_autoindex_records_1';

/**
 * Records after the cursor visible in the scope, one statement (one snapshot): SPEC L1, L2.
 *
 * A scope of townships is read township by township (and the rows with none: reference data for every
 * township, L1): from each, the first `limit` serverSeqs after the cursor, in the order of
 * records_township_seq and from that index alone; of those, the first `limit`; then those rows. So a
 * page reads at most `limit` index entries an area and `limit` rows, wherever the cursor is. Written as
 * one `township IN (…) OR township IS NULL`, SQLite without statistics read every row of the scope after
 * the cursor, whole, and sorted them, per page (issue 18; sync-server/test/pull-plans.test.ts). On SQLite
 * only: PostgreSQL keeps the one list (below).
 */
export function selectPull(q: QueryDialect, p: { since: number; limit: number; scope: RecordScope }): CompiledQuery {
  const scope = p.scope;
  const columns = ['entity', 'id', 'township', 'version', 'fields', 'server_seq', 'updated_by', 'origin_client', 'updated_at', 'deleted'] as const;
  const after = q.db.selectFrom('records').select(columns).where('server_seq', '>', p.since).orderBy('server_seq').limit(p.limit);
  if (scope.kind === 'all') return after.compile();
  const areas: (string | null)[] = [...new Set(scope.townships), null];
  const oneList = () => after.where((eb) => (scope.townships.length ? eb.or([eb('township', 'in', scope.townships), eb('township', 'is', null)]) : eb('township', 'is', null))).compile();
  // PostgreSQL's planner, with statistics, reads by serverSeq when the scope holds most rows (0.7 ms a page
  // among 50,000) and through the township index when it holds few; the arms would cost it more (5 ms).
  if (q.statistics) return oneList();
  // An area this wide (a province's supervisor, SPEC A9) holds most rows: read by serverSeq, skip the others.
  if (areas.length > MAX_PULL_AREAS) return q.indexedBy(oneList(), 'records', SEQ_INDEX);
  return q.db.selectFrom('records').select(columns).where('server_seq', 'in', firstSeqsOfAreas(q, areas, p.since, p.limit)).orderBy('server_seq').compile();
}

/**
 * The first `limit` serverSeqs after `since` (any, when undefined) of the records of these areas (null: the
 * rows with no township), of one entity when given: from each area the first `limit` in the order of
 * records_township_seq (with an entity, records_township_entity_seq), from that index alone, UNION ALL,
 * then the first `limit` of those (selectPull and selectRecordList on SQLite; selectRecordList with an
 * entity on both stores).
 */
function firstSeqsOfAreas(q: QueryDialect, areas: readonly (string | null)[], since: number | undefined, limit: number, entity?: string) {
  const first = (township: string | null, k: number) =>
    q.db
      .selectFrom((db) =>
        db
          .selectFrom('records')
          .select('server_seq')
          .where('township', township === null ? 'is' : '=', township)
          .$if(entity !== undefined, (qb) => qb.where('entity', '=', entity!))
          .$if(since !== undefined, (qb) => qb.where('server_seq', '>', since!))
          // With an entity, in the index's own order: township and entity fixed, the same as serverSeq's, but
          // PostgreSQL's planner sees that for `township IS NULL` too. By serverSeq alone it read the rows of
          // no township (reference data: no household among them) through the serverSeq index, filtered.
          .$if(entity !== undefined, (qb) => qb.orderBy('township').orderBy('entity'))
          .orderBy('server_seq')
          .limit(limit)
          .as(`a${k}`),
      )
      .select('server_seq');
  return areas
    .slice(1)
    .reduce((u, t, k) => u.unionAll(first(t, k + 1)), first(areas[0]!, 0))
    .orderBy('server_seq')
    .limit(limit);
}

/**
 * Records of a scope after a cursor, by serverSeq (the administration's records page, listAllRecords, a
 * township's policies after a push).
 *
 * Without an entity, a scope of two areas or more (a supervisor's county and the rows with none, SPEC A9)
 * is read on SQLite as selectPull reads it, area by area from records_township_seq: written as one
 * `township IN (…) OR township IS NULL`, SQLite without statistics read every row of the scope after the
 * cursor, whole, and sorted them, per page (sync-server/test/admin-read-plans.test.ts). PostgreSQL keeps
 * the one list.
 *
 * With an entity and two areas or more (the rows of none count as one; up to MAX_PULL_AREAS), on both
 * stores, area by area from records_township_entity_seq (migration 017): as one list, SQLite read
 * records_entity_seq in order and PostgreSQL (analysed) the serverSeq index in order, keeping the scope's
 * rows, until the page was full: for a county of a few hundred households, most of an entity of 190,000
 * city-wide, per page. A county holding much of the entity pays for it (12 arms of a page each: 0.5 ms
 * against 0.25 ms at 200,000 records; ingest-issue14.md). A wider scope (a province's supervisor) holds
 * most of the entity: its sequence, in order.
 */
export function selectRecordList(q: QueryDialect, l: ListRecordsQuery): CompiledQuery {
  const townships = l.townships;
  const areas: (string | null)[] = townships === null ? [] : [...new Set(townships), ...(l.includeNoTownship ? [null] : [])];
  const byAreas = () => q.db.selectFrom('records').selectAll().where('server_seq', 'in', firstSeqsOfAreas(q, areas, l.afterSeq, l.limit, l.entity)).orderBy('server_seq').compile();
  if (l.entity !== undefined && areas.length > 0) {
    if (areas.length > MAX_PULL_AREAS) return q.indexedBy(selectRecordListOneList(q, l), 'records', 'records_entity_seq');
    // One township (a township's policies, per push): the one list is that index's run, in order, on both stores.
    if (areas.length === 1 && areas[0] !== null) return selectRecordListOneList(q, l);
    return byAreas();
  }
  if (l.entity === undefined && areas.length > 1 && !q.statistics) {
    if (areas.length > MAX_PULL_AREAS) return q.indexedBy(selectRecordListOneList(q, l), 'records', SEQ_INDEX);
    return byAreas();
  }
  return selectRecordListOneList(q, l);
}

function selectRecordListOneList(q: QueryDialect, l: ListRecordsQuery): CompiledQuery {
  const townships = l.townships;
  return q.db
    .selectFrom('records')
    .selectAll()
    .$if(l.entity !== undefined, (qb) => qb.where('entity', '=', l.entity!))
    .$if(townships !== null, (qb) =>
      qb.where((eb) => {
        const some = townships!.length ? eb('township', 'in', townships!) : NOTHING;
        return l.includeNoTownship ? eb.or([some, eb('township', 'is', null)]) : some;
      }),
    )
    .$if(l.afterSeq !== undefined, (qb) => qb.where('server_seq', '>', l.afterSeq!))
    .orderBy('server_seq')
    .limit(l.limit)
    .compile();
}

/** On SQLite through the index of the HMAC's first 16 characters (migration 015); the whole HMAC decides. */
export function selectRecordsByIdHmac(q: QueryDialect, idHmac: string): CompiledQuery {
  return q.db.selectFrom('records').selectAll().where(hmacIn(q, 'id_hmac', [idHmac])).orderBy('server_seq').compile();
}

export function selectRecordsByPersonKey(q: QueryDialect, idHmac: string): CompiledQuery {
  return q.db
    .selectFrom('person_keys as p')
    .innerJoin('records as r', (j) => j.onRef('r.entity', '=', 'p.entity').onRef('r.id', '=', 'p.record_id'))
    .selectAll('r')
    .where(hmacIn(q, 'p.id_hmac', [idHmac]))
    .orderBy('r.server_seq')
    .compile();
}

// ---------------------------------------------------------------- applied changes (SPEC P2, P8)

export function selectAppliedChange(q: QueryDialect, clientId: string, seq: number): CompiledQuery {
  return q.db.selectFrom('applied_changes').select(['result', 'user_id', 'content_hash']).where('client_id', '=', clientId).where('seq', '=', seq).compile();
}

/** The primary key decides (SPEC P2): a pair already marked is left alone (no row changed). */
export function insertAppliedChange(q: QueryDialect, clientId: string, seq: number, result: ChangeResult, at: string, mark?: AppliedMark): CompiledQuery {
  return q.db
    .insertInto('applied_changes')
    .values({ client_id: clientId, seq, result: JSON.stringify(result), applied_at: at, user_id: mark?.userId ?? null, content_hash: mark?.contentHash ?? null })
    .onConflict((oc) => oc.doNothing())
    .compile();
}

export function countAppliedChanges(q: QueryDialect, clientId?: string): CompiledQuery {
  return q.db
    .selectFrom('applied_changes')
    .select((eb) => eb.fn.countAll().as('n'))
    .$if(clientId !== undefined, (qb) => qb.where('client_id', '=', clientId!))
    .compile();
}

// ---------------------------------------------------------------- case steps (issue 15)

/** Idempotent: a step already indexed keeps its first arrival. */
export function insertCaseStep(q: QueryDialect, caseId: string, stepId: string, arrived: number): CompiledQuery {
  return q.db.insertInto('case_steps').values({ case_id: caseId, step_id: stepId, arrived }).onConflict((oc) => oc.doNothing()).compile();
}

export function selectCaseSteps(q: QueryDialect, caseId: string): CompiledQuery {
  return q.db
    .selectFrom('case_steps as c')
    // The entity as a literal, as it was written before: the join is on the records' primary key either way.
    .innerJoin('records as r', (j) => j.on(sql<boolean>`r.entity = 'caseStep'`).onRef('r.id', '=', 'c.step_id'))
    .selectAll('r')
    .where('c.case_id', '=', caseId)
    .orderBy('c.arrived')
    .compile();
}

// ---------------------------------------------------------------- attachments, by (area, hash) (SPEC T3)

export function selectAttachmentHashes(q: QueryDialect, township: string, hashes: readonly string[]): CompiledQuery {
  return q.db.selectFrom('attachments').select('sha256').where('township', '=', township).where('sha256', 'in', hashes).compile();
}

/** False (no row changed) when the area has the bytes already (SPEC T2). */
export function insertAttachment(q: QueryDialect, a: AttachmentRow): CompiledQuery {
  return q.db
    .insertInto('attachments')
    .values({
      township: a.township, sha256: a.sha256, bytes: a.bytes, size: a.size, content_type: a.contentType, record_id: a.recordId,
      uploaded_by: a.uploadedBy, created_at: a.createdAt,
    })
    .onConflict((oc) => oc.doNothing())
    .compile();
}

export function selectAttachment(q: QueryDialect, township: string, sha256: string, withBytes: boolean): CompiledQuery {
  return q.db
    .selectFrom('attachments')
    .$if(withBytes, (qb) => qb.selectAll())
    .$if(!withBytes, (qb) => qb.select(['sha256', 'size', 'content_type', 'record_id', 'township', 'uploaded_by', 'created_at']))
    .where('township', '=', township)
    .where('sha256', '=', sha256)
    .compile();
}

export function selectAttachmentTownships(q: QueryDialect, sha256: string): CompiledQuery {
  return q.db.selectFrom('attachments').select('township').where('sha256', '=', sha256).orderBy('township').compile();
}

// ---------------------------------------------------------------- audit

/** The most townships the audit read takes one by one (a province's supervisor reads as before). */
export const MAX_AUDIT_AREAS = 64;

/**
 * Through the view: release-1 rows carry their area from audit_areas (migration 002). Newest first.
 *
 * The view's township is COALESCE(audit_areas.area_code, audit_log.township), which no index serves: a
 * filter on townships scanned audit_log newest first to the limit, the whole log for a township with few
 * entries, on both stores. A filter on a few townships (a supervisor's county, SPEC A9, or one township)
 * now takes, from each, the newest `limit` entries written with that township and not mapped elsewhere
 * (audit_log_township_id, migration 016), and the newest `limit` release-1 entries mapped to one of them
 * (audit_areas_area), each with all the other filters; then the newest `limit` of those
 * (sync-server/test/admin-read-plans.test.ts).
 */
export function selectAudit(q: QueryDialect, f: AuditFilter): CompiledQuery {
  const columns = ['id', 'at', 'user_id', 'device_id', 'township', 'action', 'entity', 'record_id', 'detail'] as const;
  const areas = f.township !== undefined ? (f.townships === undefined ? [f.township] : []) : [...new Set(f.townships ?? [])];
  const all = q.db.selectFrom('audit_log_areas').select(columns);
  if (areas.length === 0 || areas.length > MAX_AUDIT_AREAS) return auditFiltered(all, f).orderBy('id', 'desc').limit(f.limit).compile();
  const others = { ...f, township: undefined, townships: undefined };
  const newest = (k: number, from: typeof ids0) => q.db.selectFrom(() => auditFiltered(from, others).orderBy('id', 'desc').limit(f.limit).as(`a${k}`)).select('id');
  const ids0 = q.db.selectFrom('audit_log_areas').select('id');
  // Written with the township and not mapped elsewhere: audit_log's own columns (the view's join would hide
  // the index's order from PostgreSQL's planner), the view's columns but for township having the same names.
  const written = areas.map((t, k) =>
    newest(
      k,
      q.db
        .selectFrom('audit_log')
        .select('id')
        .where('township', '=', t)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('audit_areas').select('audit_id').whereRef('audit_areas.audit_id', '=', 'audit_log.id').where('area_code', '<>', t)))) as unknown as typeof ids0,
    ),
  );
  const mapped = newest(areas.length, ids0.where('township', 'in', areas).where('id', 'in', q.db.selectFrom('audit_areas').select('audit_id').where('area_code', 'in', areas)));
  const ids = written.reduce((u, arm) => u.unionAll(arm), mapped).orderBy('id', 'desc').limit(f.limit);
  return all.where('id', 'in', ids).orderBy('id', 'desc').limit(f.limit).compile();
}

function auditFiltered<QB extends SelectQueryBuilder<Tables, 'audit_log_areas', object>>(qb: QB, f: AuditFilter): QB {
  return qb
    .$if(f.action !== undefined, (qb) => qb.where('action', '=', f.action!))
    .$if(f.userId !== undefined, (qb) => qb.where('user_id', '=', f.userId!))
    .$if(f.township !== undefined, (qb) => qb.where('township', '=', f.township!))
    .$if(f.townships !== undefined, (qb) => qb.where((eb) => (f.townships!.length ? eb('township', 'in', f.townships!) : NOTHING)))
    .$if(f.entity !== undefined, (qb) => qb.where('entity', '=', f.entity!))
    .$if(f.recordId !== undefined, (qb) => qb.where('record_id', '=', f.recordId!))
    .$if(f.since !== undefined, (qb) => qb.where('at', '>=', f.since!))
    .$if(f.until !== undefined, (qb) => qb.where('at', '<', f.until!))
    .$if(f.beforeId !== undefined, (qb) => qb.where('id', '<', f.beforeId!)) as QB;
}
