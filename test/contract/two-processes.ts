/**
 * Two server processes on one PostgreSQL: two stores with their own pools on the same schema, as two
 * `main.ts` processes behind a load balancer would be. A tablet whose reply was lost retries against
 * the other process while the first is still applying the batch.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change, ChangeResult, PushRequest } from '../../src/shared/protocol/messages';
import { createUser } from '../../sync-server/src/auth/create-user';
import { DEFAULT_CONFIG } from '../../sync-server/src/config';
import { createContext, type AppContext } from '../../sync-server/src/context';
import { openPostgresStore } from '../../sync-server/src/store/postgres-store';
import type { Store, UserRow } from '../../sync-server/src/store/store';
import { applyPush } from '../../sync-server/src/sync/apply-push';
import { readPull } from '../../sync-server/src/sync/read-pull';
import { createHousehold, change } from '../../sync-server/test/fixtures';
import { databaseUrl, dropSchema, freshSchemaName, testClock } from '../helpers/server-harness';
import { ANPING, ANPING_QINGHE } from '../fixtures/areas';

const RECORDS = 6;
const BATCHES = 12;
const PER_BATCH = 6;

/** Batch 0 creates the records; later batches edit their notes (each change a new value, so it counts). */
function batches(deviceId: string): PushRequest[] {
  const out: PushRequest[] = [];
  let seq = 0;
  for (let b = 0; b < BATCHES; b++) {
    const changes: Change[] = [];
    for (let i = 0; i < PER_BATCH; i++) {
      seq++;
      const id = `hh-${deviceId}-${i % RECORDS}`;
      changes.push(b === 0 ? createHousehold(seq, id) : change(seq, id, { notes: `edit ${seq}` }, { baseVersion: 1_000_000, changedAt: `2026-06-20T10:00:${String(b).padStart(2, '0')}.000Z` }));
    }
    out.push({ protocol: 2, deviceId, changes });
  }
  return out;
}

/**
 * PGlite (the embedded PostgreSQL used when DATABASE_URL is unset) serves every connection from one
 * session, so these concurrency tests cannot fail there (PLATFORM-NOTES): the output says so.
 */
export const EMBEDDED_POSTGRES = process.env.TIDEMARK_PG_EMBEDDED === '1';
export const EMBEDDED_NOTE = 'RAN ON THE EMBEDDED PGlite: one session serves every connection, so a concurrency bug cannot show here; set DATABASE_URL to a real PostgreSQL';

export function defineTwoProcessTests(): void {
  if (EMBEDDED_POSTGRES) console.warn(`two server processes on one PostgreSQL: ${EMBEDDED_NOTE}`);
  describe(`two server processes on one PostgreSQL${EMBEDDED_POSTGRES ? ` (${EMBEDDED_NOTE})` : ' (real PostgreSQL server)'}`, () => {
    let schema: string;
    let stores: Store[];
    let ctxs: AppContext[];
    let worker: UserRow;

    beforeEach(async () => {
      schema = freshSchemaName();
      const clock = testClock();
      // Opened at the same time: the migration runs once, under its advisory lock.
      stores = await Promise.all([0, 1].map(() => openPostgresStore({ connectionString: databaseUrl(), schema, poolMax: 3 })));
      ctxs = stores.map((store) => createContext({ store, clock: clock.now, config: { ...DEFAULT_CONFIG, scryptCost: 1024 } }));
      worker = await createUser(ctxs[0]!, { username: 'wang', password: 'password-1', role: 'worker', township: ANPING_QINGHE, county: ANPING });
    });
    afterEach(async () => {
      for (const s of stores) await s.close();
      await dropSchema(schema);
    });

    it('[P2] the same batches pushed to both at once are applied exactly once', async () => {
      const devices = ['dev-a0000001', 'dev-b0000002'];
      const results: ChangeResult[][][] = [[], []];
      // Made once: both processes must receive the very same content (a fresh fixture per call would
      // differ, and two contents at one (client id, seq) are CLIENT_ID_REUSED, SPEC P8).
      const sent = new Map(devices.map((d) => [d, batches(d)]));
      // Each process receives every batch of both devices, in order, concurrently with the other.
      await Promise.all(
        ctxs.map(async (ctx, p) => {
          for (let b = 0; b < BATCHES; b++) {
            for (const d of devices) results[p]!.push((await applyPush(ctx, worker, sent.get(d)![b]!)).results);
          }
        }),
      );
      // Both processes answer each change with the one stored result.
      expect(results[1]).toEqual(results[0]);
      expect(results[0]!.flat().every((r) => r.status === 'applied')).toBe(true);
      const total = devices.length * BATCHES * PER_BATCH;
      expect(await stores[0]!.countAppliedChanges()).toBe(total);
      const audit = await stores[1]!.listAudit({ limit: 10_000 });
      expect(audit.filter((e) => e.action.startsWith('record.'))).toHaveLength(total);
      for (const d of devices) {
        for (let i = 0; i < RECORDS; i++) {
          const r = await stores[1]!.getRecord('household', `hh-${d}-${i}`);
          // One create plus one version per edit of this record: (BATCHES - 1) batches edit each once.
          expect(r?.version).toBe(BATCHES);
        }
      }
    });

    it('[L2] a pull running beside concurrent pushes never skips a row', async () => {
      const admin = await createUser(ctxs[0]!, { username: 'root', password: 'password-1', role: 'admin', township: null, county: null });
      const device = { id: 'dev-reader01', userId: admin.id, name: null, revoked: false, lastSeen: null };
      const seen = new Map<string, number>();
      let cursor = 0;
      let pushing = true;
      const pulls = (async () => {
        while (pushing) {
          const page = await readPull(ctxs[1]!, admin, device, cursor, 7);
          for (const r of page.records) seen.set(r.id, r.version);
          cursor = page.cursor;
        }
      })();
      await Promise.all(
        ['dev-a0000001', 'dev-b0000002'].map(async (d, p) => {
          for (const batch of batches(d)) await applyPush(ctxs[p]!, worker, batch);
        }),
      );
      pushing = false;
      await pulls;
      for (;;) {
        const page = await readPull(ctxs[1]!, admin, device, cursor, 1000);
        for (const r of page.records) seen.set(r.id, r.version);
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      // Following the cursor page by page ends with every record at its final version.
      const finals = await stores[0]!.listRecords({ entity: 'household', townships: null, limit: 1000 });
      expect(finals).toHaveLength(2 * RECORDS);
      for (const r of finals) expect(seen.get(r.id)).toBe(r.version);
    });

    it('[L2][L5][I4] groups in both processes whose pushes edit the same records: nothing lost or applied twice, a pull never skips a row', async () => {
      const admin = await createUser(ctxs[0]!, { username: 'root', password: 'password-1', role: 'admin', township: null, county: null });
      const reader = { id: 'dev-reader01', userId: admin.id, name: null, revoked: false, lastSeen: null };
      const shared = Array.from({ length: 4 }, (_, i) => `hh-shared-${i}`);
      await applyPush(ctxs[0]!, worker, { protocol: 2, deviceId: 'dev-setup001', changes: shared.map((id, i) => createHousehold(i + 1, id)) });
      // Four tablets, two on each process, each editing its own field of every shared record from the
      // base it had (version 1): every edit merges (C3), so a lost update shows as a missing value.
      const tablets: { deviceId: string; p: number; value: (b: number) => Record<string, unknown> }[] = [
        { deviceId: 'dev-t0000001', p: 0, value: (b) => ({ notes: `t1 ${b}` }) },
        { deviceId: 'dev-t0000002', p: 0, value: (b) => ({ membersCount: 4 + b }) },
        { deviceId: 'dev-t0000003', p: 1, value: (b) => ({ origin: { village: '河东村', group: `${b + 1}组` } }) },
        { deviceId: 'dev-t0000004', p: 1, value: (b) => ({ damage: { level: 'severe', rooms: 3 + b, structure: 'brick-wood' } }) },
      ];
      const seen = new Map<string, number>();
      let cursor = 0;
      let pushing = true;
      const pulls = (async () => {
        while (pushing) {
          const page = await readPull(ctxs[1]!, admin, reader, cursor, 3);
          for (const r of page.records) seen.set(r.id, r.version);
          cursor = page.cursor;
        }
      })();
      // Each process's two tablets push at once (they hold slots: their pushes share groups, SPEC I4).
      for (const ctx of ctxs) ctx.pushes.inFlight = 2;
      const answers = await Promise.all(
        tablets.map(async (t) => {
          const out: ChangeResult[] = [];
          for (let b = 0; b < BATCHES; b++) {
            const changes = shared.map((id, i) => change(b * shared.length + i + 1, id, t.value(b), { baseVersion: 1, changedAt: `2026-06-20T10:00:${String(b).padStart(2, '0')}.000Z` }));
            out.push(...(await applyPush(ctxs[t.p]!, worker, { protocol: 2, deviceId: t.deviceId, changes })).results);
          }
          return out;
        }),
      );
      for (const ctx of ctxs) ctx.pushes.inFlight = 0;
      pushing = false;
      await pulls;
      for (;;) {
        const page = await readPull(ctxs[1]!, admin, reader, cursor, 1000);
        for (const r of page.records) seen.set(r.id, r.version);
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      for (const a of answers) expect(a.every((r) => r.status === 'applied' || r.status === 'merged')).toBe(true);
      const total = tablets.length * BATCHES * shared.length;
      expect(await stores[0]!.countAppliedChanges()).toBe(total + shared.length);
      const last = BATCHES - 1;
      for (const id of shared) {
        const r = await stores[1]!.getRecord('household', id);
        // One create plus one version per edit, each tablet's last value kept.
        expect(r?.version).toBe(1 + tablets.length * BATCHES);
        expect(r?.fields).toMatchObject(Object.assign({}, ...tablets.map((t) => t.value(last))));
        // Following the cursor page by page ends with the record at its final version (L2).
        expect(seen.get(id)).toBe(r?.version);
      }
    });
  });
}
