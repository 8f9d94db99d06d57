import type { CompiledQuery } from 'kysely';
import type { DivisionInsert } from '../division-store';
import type { QueryDialect } from './query-builder';
import { compiledOnce } from './compiled-once';

/** The division registry and the upgrade's queue (issue 10), written once for both stores (issue 14). */

export function selectDivisions(q: QueryDialect): CompiledQuery {
  // Read by every push (same-area.ts): compiled once (issue 14).
  return compiledOnce(q, 'selectDivisions', [], () => q.db.selectFrom('divisions').selectAll().orderBy('code').compile());
}

export function selectDivision(q: QueryDialect, code: string): CompiledQuery {
  return q.db.selectFrom('divisions').selectAll().where('code', '=', code).compile();
}

export function insertDivision(q: QueryDialect, r: DivisionInsert): CompiledQuery {
  return q.db
    .insertInto('divisions')
    .values({
      code: r.code, name: r.name, level: r.level, parent_code: r.parentCode, status: 'active', successor_code: null,
      provisional: r.provisional ? 1 : 0, created_at: r.at, updated_at: r.at,
    })
    .compile();
}

export function renameDivision(q: QueryDialect, code: string, name: string, at: string): CompiledQuery {
  return q.db.updateTable('divisions').set({ name, updated_at: at }).where('code', '=', code).compile();
}

export function retireDivision(q: QueryDialect, code: string, successorCode: string, at: string): CompiledQuery {
  return q.db.updateTable('divisions').set({ status: 'retired', successor_code: successorCode, updated_at: at }).where('code', '=', code).compile();
}

export function selectAreaQueue(q: QueryDialect, filter: { open?: boolean }): CompiledQuery {
  return q.db
    .selectFrom('area_queue')
    .selectAll()
    .$if(filter.open === true, (qb) => qb.where('resolved_at', 'is', null))
    .orderBy('id')
    .compile();
}

export function selectAreaQueueItem(q: QueryDialect, id: number): CompiledQuery {
  return q.db.selectFrom('area_queue').selectAll().where('id', '=', id).compile();
}

/** Settles an open item, handing back the item; no row when it was settled already. */
export function resolveAreaQueueItem(q: QueryDialect, id: number, code: string, by: string, at: string): CompiledQuery {
  return q.db
    .updateTable('area_queue')
    .set({ resolved_code: code, resolved_by: by, resolved_at: at })
    .where('id', '=', id)
    .where('resolved_at', 'is', null)
    .returningAll()
    .compile();
}

export function moveAttachmentArea(q: QueryDialect, sha256: string, from: string, to: string): CompiledQuery {
  return q.db.updateTable('attachments').set({ township: to }).where('sha256', '=', sha256).where('township', '=', from).compile();
}

/** Maps a release-1 audit row to its area: the audit log itself is never changed. */
export function insertAuditArea(q: QueryDialect, auditId: number, code: string): CompiledQuery {
  return q.db.insertInto('audit_areas').values({ audit_id: auditId, area_code: code }).compile();
}
