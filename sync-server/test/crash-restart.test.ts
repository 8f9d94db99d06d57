import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoginResponse, PushRequest, PushResponse } from '../../src/shared/protocol/messages';
import { startServerProcess, type ServerProcess } from '../../test/helpers/server-harness';
import { createHousehold, validIdNumber } from './fixtures';

const BATCHES = 24;
const PER_BATCH = 20;
const KILL_AFTER = 8;
const DEVICE = 'dev-crash-tablet';

async function call<T>(server: ServerProcess, method: string, path: string, body: unknown, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const batch = (b: number): PushRequest => ({
  protocol: 2,
  deviceId: DEVICE,
  // Each household its own head (distinct ID numbers), as in the field.
  changes: Array.from({ length: PER_BATCH }, (_, i) => {
    const n = b * PER_BATCH + i + 1;
    return createHousehold(n, `hh-crash-${b}-${i}`, { head: { name: '王芳', idNumber: validIdNumber(n) } });
  }),
});

describe('the real server process', () => {
  const started: ServerProcess[] = [];
  afterEach(async () => {
    // The first process created the data directory, so its cleanup removes it (after the restart's).
    for (const s of started.splice(0).reverse()) await s.cleanup();
  });

  it('[P2][P4] killed with SIGKILL in the middle of a stream of batches, restarted, replayed: every batch once, file intact', async () => {
    const first = await startServerProcess();
    started.push(first);
    const admin = await call<LoginResponse>(first, 'POST', '/api/auth/login', { username: first.adminUsername, password: first.adminPassword, deviceId: 'dev-admin-browser' });
    expect(admin.status).toBe(200);
    const created = await call(first, 'POST', '/api/admin/users', { username: 'wang', password: 'qinghe-river-2026', role: 'worker', township: '清河镇', county: '安平县' }, admin.body.token);
    expect(created.status).toBe(201);
    const { body: session } = await call<LoginResponse>(first, 'POST', '/api/auth/login', { username: 'wang', password: 'qinghe-river-2026', deviceId: DEVICE });

    const acknowledged = new Map<number, PushResponse>();
    for (let b = 0; b < KILL_AFTER; b++) {
      const res = await call<PushResponse>(first, 'POST', '/api/sync/push', batch(b), session.token);
      expect(res.status).toBe(200);
      acknowledged.set(b, res.body);
    }
    // A burst in flight, and the power goes: some of it may commit, none of it is acknowledged.
    const inFlight = Array.from({ length: 4 }, (_, k) => call(first, 'POST', '/api/sync/push', batch(KILL_AFTER + k), session.token).catch(() => null));
    await new Promise((resolve) => setTimeout(resolve, 15));
    await first.kill('SIGKILL');
    await Promise.all(inFlight);

    const file = join(first.dataDir, 'tidemark.sqlite');
    const second = await startServerProcess({ dataDir: first.dataDir });
    started.push(second);
    {
      // Nothing acknowledged was lost: those batches are on disk before any replay.
      const db = new Database(file, { readonly: true });
      const seqs = db.prepare('SELECT COUNT(*) AS n FROM applied_changes WHERE client_id = ? AND seq <= ?').get(DEVICE, KILL_AFTER * PER_BATCH) as { n: number };
      expect(seqs.n).toBe(KILL_AFTER * PER_BATCH);
      db.close();
    }
    // The tablet replays everything it has not seen acknowledged — here, every batch, which must be harmless.
    for (let b = 0; b < BATCHES; b++) {
      const res = await call<PushResponse>(second, 'POST', '/api/sync/push', batch(b), session.token);
      expect(res.status).toBe(200);
      expect(res.body.results.map((r) => `${r.status}:${r.version}`)).toEqual(Array(PER_BATCH).fill('applied:1'));
      if (acknowledged.has(b)) expect(res.body.results).toEqual(acknowledged.get(b)!.results);
    }
    await second.kill('SIGTERM');
    expect(second.process.exitCode).toBe(0);

    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(count('SELECT COUNT(*) AS n FROM applied_changes')).toBe(BATCHES * PER_BATCH);
      expect(count("SELECT COUNT(*) AS n FROM records WHERE entity = 'household'")).toBe(BATCHES * PER_BATCH);
      expect(count("SELECT COUNT(*) AS n FROM records WHERE entity = 'household' AND version <> 1")).toBe(0);
      expect(count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'record.create'")).toBe(BATCHES * PER_BATCH);
      expect(count("SELECT COUNT(DISTINCT server_seq) AS n FROM records WHERE entity = 'household'")).toBe(BATCHES * PER_BATCH);
    } finally {
      db.close();
    }
  });
});
