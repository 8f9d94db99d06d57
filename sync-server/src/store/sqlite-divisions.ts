import type Database from 'better-sqlite3';
import type { Division } from '../../../src/shared/schema/division';
import type { AreaQueueItem, DivisionInsert } from './division-store';
import { StoreConflictError } from './store';

/** The division registry and the upgrade queue on SQLite (DivisionStore); called inside SqliteStore's queue. */

interface SqlDivision {
  code: string; name: string; level: string; parent_code: string | null; status: string; successor_code: string | null;
  provisional: number; created_at: string; updated_at: string;
}
const toDivision = (r: SqlDivision): Division => ({
  code: r.code, name: r.name, level: r.level as Division['level'], parentCode: r.parent_code, status: r.status as Division['status'],
  successorCode: r.successor_code, provisional: r.provisional === 1, createdAt: r.created_at, updatedAt: r.updated_at,
});

interface SqlQueue {
  id: number; kind: string; entity: string | null; record_id: string | null; position: number | null; sha256: string | null;
  audit_id: number | null; written_township: string; candidates: string; created_at: string; resolved_code: string | null;
  resolved_by: string | null; resolved_at: string | null;
}
const toQueueItem = (r: SqlQueue): AreaQueueItem => ({
  id: r.id, kind: r.kind as AreaQueueItem['kind'], entity: r.entity, recordId: r.record_id, position: r.position, sha256: r.sha256,
  auditId: r.audit_id, writtenTownship: r.written_township, candidates: JSON.parse(r.candidates) as string[], createdAt: r.created_at,
  resolvedCode: r.resolved_code, resolvedBy: r.resolved_by, resolvedAt: r.resolved_at,
});

function conflict(err: unknown, what: string): never {
  if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new StoreConflictError(what);
  throw err;
}

export function sqliteListDivisions(db: Database.Database): Division[] {
  return (db.prepare('SELECT * FROM divisions ORDER BY code').all() as SqlDivision[]).map(toDivision);
}

export function sqliteGetDivision(db: Database.Database, code: string): Division | null {
  const row = db.prepare('SELECT * FROM divisions WHERE code = ?').get(code) as SqlDivision | undefined;
  return row ? toDivision(row) : null;
}

export function sqliteAddDivisions(db: Database.Database, rows: DivisionInsert[]): Division[] {
  const insert = db.prepare(
    `INSERT INTO divisions (code, name, level, parent_code, status, successor_code, provisional, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'active', NULL, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const r of rows) {
      try {
        insert.run(r.code, r.name, r.level, r.parentCode, r.provisional ? 1 : 0, r.at, r.at);
      } catch (err) {
        conflict(err, `division ${r.code} (${r.name}) exists`);
      }
    }
  }).immediate();
  return rows.map((r) => sqliteGetDivision(db, r.code)!);
}

export function sqliteRenameDivision(db: Database.Database, code: string, name: string, at: string): Division | null {
  try {
    db.prepare('UPDATE divisions SET name = ?, updated_at = ? WHERE code = ?').run(name, at, code);
  } catch (err) {
    conflict(err, `name ${name} is taken`);
  }
  return sqliteGetDivision(db, code);
}

export function sqliteRetireDivision(db: Database.Database, code: string, successorCode: string, at: string): Division | null {
  db.prepare("UPDATE divisions SET status = 'retired', successor_code = ?, updated_at = ? WHERE code = ?").run(successorCode, at, code);
  return sqliteGetDivision(db, code);
}

export function sqliteListAreaQueue(db: Database.Database, filter: { open?: boolean } = {}): AreaQueueItem[] {
  const sql = filter.open ? 'SELECT * FROM area_queue WHERE resolved_at IS NULL ORDER BY id' : 'SELECT * FROM area_queue ORDER BY id';
  return (db.prepare(sql).all() as SqlQueue[]).map(toQueueItem);
}

export function sqliteGetAreaQueueItem(db: Database.Database, id: number): AreaQueueItem | null {
  const row = db.prepare('SELECT * FROM area_queue WHERE id = ?').get(id) as SqlQueue | undefined;
  return row ? toQueueItem(row) : null;
}

/** Inside the caller's transaction. */
export function sqliteResolveAreaQueueItem(db: Database.Database, id: number, code: string, by: string, at: string): boolean {
  const item = sqliteGetAreaQueueItem(db, id);
  if (!item || item.resolvedAt !== null) return false;
  db.prepare('UPDATE area_queue SET resolved_code = ?, resolved_by = ?, resolved_at = ? WHERE id = ? AND resolved_at IS NULL').run(code, by, at, id);
  if (item.kind === 'attachment' && item.sha256) db.prepare('UPDATE attachments SET township = ? WHERE sha256 = ? AND township = ?').run(code, item.sha256, item.writtenTownship);
  if (item.kind === 'audit' && item.auditId !== null) db.prepare('INSERT INTO audit_areas (audit_id, area_code) VALUES (?, ?)').run(item.auditId, code);
  return true;
}
