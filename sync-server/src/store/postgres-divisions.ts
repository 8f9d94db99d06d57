import type pg from 'pg';
import type { Division } from '../../../src/shared/schema/division';
import type { AreaQueueItem, DivisionInsert } from './division-store';
import { StoreConflictError } from './store';

/** The division registry and the upgrade queue on PostgreSQL (DivisionStore). `t` qualifies a table with the schema. */

type Queryable = pg.Pool | pg.PoolClient;
type Row = Record<string, unknown>;
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

const toDivision = (r: Row): Division => ({
  code: r.code as string, name: r.name as string, level: r.level as Division['level'], parentCode: (r.parent_code as string | null) ?? null,
  status: r.status as Division['status'], successorCode: (r.successor_code as string | null) ?? null, provisional: r.provisional === true,
  createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
});

const toQueueItem = (r: Row): AreaQueueItem => ({
  id: Number(r.id), kind: r.kind as AreaQueueItem['kind'], entity: (r.entity as string | null) ?? null, recordId: (r.record_id as string | null) ?? null,
  position: r.position === null ? null : Number(r.position), sha256: (r.sha256 as string | null) ?? null,
  auditId: r.audit_id === null ? null : Number(r.audit_id), writtenTownship: r.written_township as string, candidates: r.candidates as string[],
  createdAt: iso(r.created_at), resolvedCode: (r.resolved_code as string | null) ?? null, resolvedBy: (r.resolved_by as string | null) ?? null,
  resolvedAt: isoOrNull(r.resolved_at),
});

function conflict(err: unknown, what: string): never {
  if ((err as { code?: string }).code === '23505') throw new StoreConflictError(what);
  throw err;
}

export class PostgresDivisions {
  constructor(
    private readonly pool: pg.Pool,
    private readonly t: (table: string) => string,
  ) {}

  async listDivisions(): Promise<Division[]> {
    return (await this.pool.query(`SELECT * FROM ${this.t('divisions')} ORDER BY code`)).rows.map(toDivision);
  }

  async getDivision(code: string, db: Queryable = this.pool): Promise<Division | null> {
    const [row] = (await db.query(`SELECT * FROM ${this.t('divisions')} WHERE code = $1`, [code])).rows;
    return row ? toDivision(row) : null;
  }

  async addDivisions(rows: DivisionInsert[]): Promise<Division[]> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const r of rows) {
        try {
          await client.query(
            `INSERT INTO ${this.t('divisions')} (code, name, level, parent_code, status, successor_code, provisional, created_at, updated_at)
             VALUES ($1, $2, $3, $4, 'active', NULL, $5, $6, $6)`,
            [r.code, r.name, r.level, r.parentCode, r.provisional, r.at],
          );
        } catch (err) {
          conflict(err, `division ${r.code} (${r.name}) exists`);
        }
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    const out: Division[] = [];
    for (const r of rows) out.push((await this.getDivision(r.code))!);
    return out;
  }

  async renameDivision(code: string, name: string, at: string): Promise<Division | null> {
    try {
      await this.pool.query(`UPDATE ${this.t('divisions')} SET name = $1, updated_at = $2 WHERE code = $3`, [name, at, code]);
    } catch (err) {
      conflict(err, `name ${name} is taken`);
    }
    return this.getDivision(code);
  }

  async retireDivision(code: string, successorCode: string, at: string): Promise<Division | null> {
    await this.pool.query(`UPDATE ${this.t('divisions')} SET status = 'retired', successor_code = $1, updated_at = $2 WHERE code = $3`, [successorCode, at, code]);
    return this.getDivision(code);
  }

  async listAreaQueue(filter: { open?: boolean } = {}): Promise<AreaQueueItem[]> {
    const where = filter.open ? 'WHERE resolved_at IS NULL' : '';
    return (await this.pool.query(`SELECT * FROM ${this.t('area_queue')} ${where} ORDER BY id`)).rows.map(toQueueItem);
  }

  async getAreaQueueItem(id: number, db: Queryable = this.pool): Promise<AreaQueueItem | null> {
    const [row] = (await db.query(`SELECT * FROM ${this.t('area_queue')} WHERE id = $1`, [id])).rows;
    return row ? toQueueItem(row) : null;
  }

  /** Inside the caller's transaction (`client`). */
  async resolveAreaQueueItem(client: pg.PoolClient, id: number, code: string, by: string, at: string): Promise<boolean> {
    const res = await client.query(
      `UPDATE ${this.t('area_queue')} SET resolved_code = $1, resolved_by = $2, resolved_at = $3 WHERE id = $4 AND resolved_at IS NULL RETURNING *`,
      [code, by, at, id],
    );
    const row = res.rows[0];
    if (!row) return false;
    const item = toQueueItem(row);
    if (item.kind === 'attachment' && item.sha256) {
      await client.query(`UPDATE ${this.t('attachments')} SET township = $1 WHERE sha256 = $2 AND township = $3`, [code, item.sha256, item.writtenTownship]);
    }
    if (item.kind === 'audit' && item.auditId !== null) {
      await client.query(`INSERT INTO ${this.t('audit_areas')} (audit_id, area_code) VALUES ($1, $2)`, [item.auditId, code]);
    }
    return true;
  }
}
