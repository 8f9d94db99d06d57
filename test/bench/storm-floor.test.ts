/**
 * The storm's floor (storm/floor-server.ts) is a measurement only if it does the work it claims: after a
 * small storm every pushed record is in its table exactly once, with the values the real server writes
 * for a create, every change has its applied row, the index entries exist, and a replayed push stores
 * nothing twice (SPEC P2). A floor that skipped a write would look fast and fail here. On PostgreSQL
 * (the global setup's DATABASE_URL) the storm's own checks: pulled from the records table, applied rows
 * counted in the schema.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_DEFINITIONS } from '../../src/shared/schema/registry';
import { pushBodies, rawLogin, rawPush } from './lib/raw-protocol';
import { startBenchServer, type BenchServer } from './lib/tidemark-server';
import { benchStorm, FLOOR_ENTRY } from './storm/storm';
import { generateWorkload } from './workload/generate';

const DEVICES = 20;
const PER_DEVICE = 5;
/** The storm's workload (storm.ts: seed 99). */
const records = generateWorkload(DEVICES * PER_DEVICE, { seed: 99 });

let server: BenchServer;
let db: Database.Database;

beforeAll(async () => {
  server = await startBenchServer({ entry: FLOOR_ENTRY });
  db = new Database(join(server.process.dataDir, 'tidemark.sqlite'), { readonly: true });
}, 60_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

describe('storm floor', () => {
  it('[P2] a 20 × 5 storm: every record stored once with its create values, every change with its applied row', async () => {
    const r = await benchStorm({ devices: DEVICES, perDevice: PER_DEVICE, server, seed: 5 });
    expect(r).toMatchObject({ expected: 100, stored: 100, lost: 0, duplicated: 0, appliedChanges: 100, gaveUp: 0, otherFailures: 0 });

    const rows = db.prepare('SELECT entity, id, version, fields, field_versions, server_seq, township, origin_client, created_by, id_hmac FROM records WHERE origin_client IS NOT NULL').all() as {
      entity: string; id: string; version: number; fields: string; field_versions: string; server_seq: number; township: string; origin_client: string; created_by: string; id_hmac: string | null;
    }[];
    expect(rows).toHaveLength(100);
    const byId = new Map(rows.map((x) => [x.id, x]));
    for (const rec of records) {
      const row = byId.get(rec.fields.id)!;
      expect(row).toMatchObject({ entity: rec.entity, version: 1, township: '130101001000' });
      expect(JSON.parse(row.fields)).toEqual(rec.fields);
      expect(Object.keys(JSON.parse(row.field_versions) as object)).toEqual(Object.keys(rec.fields));
      const idNumber = ENTITY_DEFINITIONS[rec.entity]!.indexedIdNumber?.(rec.fields);
      expect(row.id_hmac !== null).toBe(typeof idNumber === 'string' && idNumber !== '');
    }
    expect(new Set(rows.map((x) => x.server_seq)).size).toBe(100);

    // One applied row per change, owned by the account that pushed it, with the record's content hash (P2).
    const applied = db.prepare('SELECT a.client_id, a.seq, a.result, a.user_id, a.content_hash FROM applied_changes a').all() as { client_id: string; seq: number; result: string; user_id: string; content_hash: string }[];
    expect(applied).toHaveLength(100);
    for (const a of applied) {
      const result = JSON.parse(a.result) as { id: string; status: string; version: number };
      expect(result).toMatchObject({ seq: a.seq, status: 'applied', version: 1 });
      const row = byId.get(result.id)!;
      expect([row.origin_client, row.created_by]).toEqual([a.client_id, a.user_id]);
      expect(a.content_hash).toMatch(/^[0-9a-f]{64}$/);
    }

    // The real table's secondary indexes hold the rows (the floor writes them all, as the real server does;
    // the ID-number index is by the HMAC's first 16 characters since migration 015).
    const indexed = (index: string, where: string) => (db.prepare(`SELECT COUNT(*) AS c FROM records INDEXED BY ${index} WHERE ${where}`).get() as { c: number }).c;
    expect(indexed('records_township_seq', `township = '130101001000' AND server_seq > 0`)).toBe(100);
    expect(indexed('records_id_hmac16', 'id_hmac IS NOT NULL')).toBe(rows.filter((x) => x.id_hmac !== null).length);
  });

  it('[P2] a push sent again is answered from its applied rows and stores nothing twice', async () => {
    const worker = await server.createWorker('floor_replay');
    const session = await rawLogin(server.url, worker.username, worker.password);
    const mine = generateWorkload(3, { seed: 41 });
    const body = pushBodies(session.deviceId, mine, 3)[0]!;
    const first = await rawPush(session, body);
    const again = await rawPush(session, body);
    expect(first.status).toBe(200);
    expect(again.response).toEqual({ ...first.response, serverTime: again.response!.serverTime });
    const ids = mine.map((r) => r.fields.id);
    const count = (sql: string, ...args: string[]) => (db.prepare(sql).get(...args) as { c: number }).c;
    expect(count(`SELECT COUNT(*) AS c FROM records WHERE id IN (?, ?, ?)`, ...ids)).toBe(3);
    expect(count(`SELECT COUNT(*) AS c FROM applied_changes WHERE client_id = ?`, session.deviceId)).toBe(3);
  });
});

describe('storm floor on PostgreSQL', () => {
  it('[P2] a 20 × 5 storm: every record stored once, every change with its applied row', async () => {
    const r = await benchStorm({ devices: DEVICES, perDevice: PER_DEVICE, seed: 5, entry: FLOOR_ENTRY, databaseUrl: process.env.DATABASE_URL! });
    expect(r).toMatchObject({ store: 'PostgreSQL', expected: 100, stored: 100, lost: 0, duplicated: 0, appliedChanges: 100, gaveUp: 0, otherFailures: 0 });
    expect(r.commits).toBeGreaterThan(0);
  });
});
