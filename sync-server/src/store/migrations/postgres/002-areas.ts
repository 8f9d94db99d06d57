import type pg from 'pg';
import { planAreaUpgrade, TOWNSHIPS_FIELD_ENTITIES, TOWNSHIP_FIELD_ENTITIES, type UpgradeRecord } from '../../../areas/upgrade-plan';

const WITH_FIELDS = [...TOWNSHIP_FIELD_ENTITIES, ...TOWNSHIPS_FIELD_ENTITIES];

/**
 * The data step of migration 2 (PostgreSQL), run by migrate-postgres.ts inside the migration
 * transaction, after 002-areas.sql, with search_path set to the store's schema. Same plan as the
 * SQLite step (areas/upgrade-plan.ts). Records that change get new serverSeqs in their old order, so
 * every tablet pulls them again; audit rows are mapped in audit_areas, never updated.
 */
export async function upgradeAreasPostgres(client: pg.PoolClient, at: string): Promise<void> {
  const users = (await client.query<{ id: string; township: string | null; county: string | null }>('SELECT id, township, county FROM users ORDER BY id')).rows;
  const raw = (
    await client.query(
      `SELECT entity, id, township, created_by, version, CASE WHEN entity = ANY($1::text[]) THEN fields END AS fields, field_versions, field_stamps
       FROM records ORDER BY server_seq`,
      [WITH_FIELDS],
    )
  ).rows as { entity: string; id: string; township: string | null; created_by: string | null; version: number; fields: Record<string, unknown> | null; field_versions: Record<string, number>; field_stamps: UpgradeRecord['fieldStamps'] }[];
  const records: UpgradeRecord[] = raw.map((r) => ({
    entity: r.entity, id: r.id, township: r.township, createdBy: r.created_by, version: Number(r.version),
    ...(r.fields !== null ? { fields: r.fields, fieldVersions: r.field_versions, fieldStamps: r.field_stamps } : {}),
  }));
  const attachments = (await client.query<{ sha256: string; township: string | null; uploaded_by: string | null }>('SELECT sha256, township, uploaded_by FROM attachments ORDER BY sha256')).rows.map(
    (a) => ({ sha256: a.sha256, township: a.township, uploadedBy: a.uploaded_by }),
  );
  const audit = (await client.query<{ id: string; user_id: string | null; township: string }>('SELECT id, user_id, township FROM audit_log WHERE township IS NOT NULL ORDER BY id')).rows.map(
    (e) => ({ id: Number(e.id), userId: e.user_id, township: e.township }),
  );

  const plan = planAreaUpgrade({ users, records, attachments, audit }, at);

  for (const d of plan.divisions) {
    await client.query(
      `INSERT INTO divisions (code, name, level, parent_code, status, successor_code, provisional, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'active', NULL, true, $5, $6)`,
      [d.code, d.name, d.level, d.parentCode, d.createdAt, d.updatedAt],
    );
  }
  for (const u of plan.users) await client.query('UPDATE users SET township = $1, county = $2 WHERE id = $3', [u.township, u.county, u.id]);
  for (const r of plan.records) {
    const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
    // nextval in the old serverSeq order: the migration holds the only connection writing records.
    await client.query(
      `UPDATE records SET township = $1, server_seq = nextval('server_seq_counter'), version = $2, fields = COALESCE($3::jsonb, fields),
         field_versions = COALESCE($4::jsonb, field_versions), field_stamps = COALESCE($5::jsonb, field_stamps) WHERE entity = $6 AND id = $7`,
      [r.township, r.version, json(r.fields), json(r.fieldVersions), json(r.fieldStamps), r.entity, r.id],
    );
  }
  for (const a of plan.attachments) await client.query('UPDATE attachments SET township = $1 WHERE sha256 = $2', [a.township, a.sha256]);
  for (const m of plan.auditAreas) await client.query('INSERT INTO audit_areas (audit_id, area_code) VALUES ($1, $2)', [m.auditId, m.code]);
  for (const q of plan.queue) {
    await client.query(
      `INSERT INTO area_queue (kind, entity, record_id, position, sha256, audit_id, written_township, candidates, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
      [q.kind, q.entity ?? null, q.recordId ?? null, q.position ?? null, q.sha256 ?? null, q.auditId ?? null, q.writtenTownship, JSON.stringify(q.candidates), at],
    );
  }
}
