import type Database from 'better-sqlite3';
import { planAreaUpgrade, TOWNSHIPS_FIELD_ENTITIES, TOWNSHIP_FIELD_ENTITIES, type UpgradeRecord } from '../../../areas/upgrade-plan';

const WITH_FIELDS = [...TOWNSHIP_FIELD_ENTITIES, ...TOWNSHIPS_FIELD_ENTITIES];

/**
 * The data step of migration 2 (SQLite), run by migrate-sqlite.ts in the same transaction as
 * 002-areas.sql: reads what release 1 wrote, plans the upgrade (areas/upgrade-plan.ts) and applies it.
 * Records that change get new serverSeqs in their old order, so every tablet pulls them again.
 * Audit rows are mapped in audit_areas, never updated (the triggers would refuse it anyway).
 */
export function upgradeAreasSqlite(db: Database.Database, at: string): void {
  const users = db.prepare('SELECT id, township, county FROM users ORDER BY id').all() as { id: string; township: string | null; county: string | null }[];
  const raw = db
    .prepare(
      `SELECT entity, id, township, created_by, version,
              CASE WHEN entity IN (${WITH_FIELDS.map(() => '?').join(', ')}) THEN fields END AS fields, field_versions, field_stamps
       FROM records ORDER BY server_seq`,
    )
    .all(...WITH_FIELDS) as { entity: string; id: string; township: string | null; created_by: string | null; version: number; fields: string | null; field_versions: string; field_stamps: string }[];
  const records: UpgradeRecord[] = raw.map((r) => ({
    entity: r.entity, id: r.id, township: r.township, createdBy: r.created_by, version: r.version,
    ...(r.fields !== null ? { fields: JSON.parse(r.fields), fieldVersions: JSON.parse(r.field_versions), fieldStamps: JSON.parse(r.field_stamps) } : {}),
  }));
  const attachments = (db.prepare('SELECT sha256, township, uploaded_by FROM attachments ORDER BY sha256').all() as { sha256: string; township: string | null; uploaded_by: string | null }[]).map(
    (a) => ({ sha256: a.sha256, township: a.township, uploadedBy: a.uploaded_by }),
  );
  const audit = (db.prepare('SELECT id, user_id, township FROM audit_log WHERE township IS NOT NULL ORDER BY id').all() as { id: number; user_id: string | null; township: string }[]).map(
    (e) => ({ id: e.id, userId: e.user_id, township: e.township }),
  );

  const plan = planAreaUpgrade({ users, records, attachments, audit }, at);

  const addDivision = db.prepare(
    `INSERT INTO divisions (code, name, level, parent_code, status, successor_code, provisional, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'active', NULL, 1, ?, ?)`,
  );
  for (const d of plan.divisions) addDivision.run(d.code, d.name, d.level, d.parentCode, d.createdAt, d.updatedAt);
  const setUser = db.prepare('UPDATE users SET township = ?, county = ? WHERE id = ?');
  for (const u of plan.users) setUser.run(u.township, u.county, u.id);

  let seq = (db.prepare("SELECT value FROM counters WHERE name = 'server_seq'").get() as { value: number }).value;
  const setRecord = db.prepare(
    `UPDATE records SET township = ?, server_seq = ?, version = ?, fields = COALESCE(?, fields), field_versions = COALESCE(?, field_versions),
       field_stamps = COALESCE(?, field_stamps) WHERE entity = ? AND id = ?`,
  );
  for (const r of plan.records) {
    const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
    setRecord.run(r.township, ++seq, r.version, json(r.fields), json(r.fieldVersions), json(r.fieldStamps), r.entity, r.id);
  }
  db.prepare("UPDATE counters SET value = ? WHERE name = 'server_seq'").run(seq);

  const setAttachment = db.prepare('UPDATE attachments SET township = ? WHERE sha256 = ?');
  for (const a of plan.attachments) setAttachment.run(a.township, a.sha256);
  const mapAudit = db.prepare('INSERT INTO audit_areas (audit_id, area_code) VALUES (?, ?)');
  for (const m of plan.auditAreas) mapAudit.run(m.auditId, m.code);
  const enqueue = db.prepare(
    `INSERT INTO area_queue (kind, entity, record_id, position, sha256, audit_id, written_township, candidates, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const q of plan.queue) {
    enqueue.run(q.kind, q.entity ?? null, q.recordId ?? null, q.position ?? null, q.sha256 ?? null, q.auditId ?? null, q.writtenTownship, JSON.stringify(q.candidates), at);
  }
}
