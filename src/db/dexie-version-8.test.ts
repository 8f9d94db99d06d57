import { afterEach, describe, expect, it, vi } from 'vitest';
import { savedCopy } from '../../test/helpers/digest-copy';
import { recordRowWrites } from '../../test/helpers/db-spies';
import { expectExact, PEOPLE } from '../../test/helpers/digest-households';
import { expectReopenedUnchanged, rewriteAsVersion, type OlderVersion } from '../../test/helpers/older-release-db';
import { open, seal } from '../security/seal';
import { DIGEST_LOG_KEY, readLog, type DigestLog } from './digest-log';
import type { Fields } from './record-fields';
import type { RecordRow, UserDb } from './user-db';

/**
 * Dexie version 8 drops the indexes of `records` no query reads (eventId, shelterSiteId, checkInAt,
 * syncState: the rows keep the fields) and moves the list digest's write log from one `meta` row into the
 * `digestLog` table (SPEC N11). The upgrade writes no record row (N9's lesson); a whole log stays whole, so
 * the first unlock after it reads the rows the log names and compares no key.
 */

afterEach(() => vi.restoreAllMocks());

/** The indexes version 8 keeps: the ones queried (entity, idHmacs, [id+rev]). */
const KEPT = ['[id+rev]', 'entity', 'idHmacs'];

/** A worker with the digest households, a survey draft and the copy written (digest-copy.ts), its record row writes counted. */
async function workerWithCopy() {
  const writes = recordRowWrites();
  const { rig, s: first, dataKey, ids, env: dbEnv } = await savedCopy('v8', [writes.addon]);
  return { rig, first, dataKey, ids, dbEnv, writes };
}

function expectIndexesDropped(db: UserDb) {
  expect(db.verno).toBe(8);
  expect(db.records.schema.indexes.map((i) => i.name).sort()).toEqual(KEPT);
  expect([...db.backendDB().transaction('records').objectStore('records').indexNames].sort()).toEqual(KEPT);
}

describe('Dexie version 8: the unread indexes dropped, the write log in a table (SPEC N9, N11)', () => {
  it('[N9][N11] a version 7 database with a copy and a whole log opens as version 8: no record row written, nothing lost, four indexes gone, the log whole (the unlock reads the row it names, compares no key) and every answer the cold build’s', async () => {
    const { rig, first, dataKey, ids, dbEnv, writes } = await workerWithCopy();
    const parts = await first.db.digest.toArray();
    const partKeys = parts.map((p) => p.part).filter((p) => p >= 0);
    expect(partKeys.length).toBeGreaterThan(0);
    // Version 7's log: one meta row, naming a record written after the copy (renamed in the rows stored below).
    const v7Log: DigestLog = { seq: 41, ids: [ids[0]!], parts: partKeys };
    const renamed = async (rows: RecordRow[]) =>
      Promise.all(
        rows.map(async (r) => {
          if (r.id !== ids[0]) return r;
          const fields = await open<Fields>(dataKey, r.id, r.sealed);
          return { ...r, rev: r.rev + 1, sealed: await seal(dataKey, r.id, { ...fields, head: { ...(fields.head as object), name: '钱建国' } }) };
        }),
      );
    const { stored, outbox } = await rewriteAsVersion(rig, first, dbEnv, 7, renamed, [{ key: DIGEST_LOG_KEY, value: v7Log }], { digest: parts });
    const before = writes.count();
    const s = await rig.client.unlockOffline('li', 'pw-li');
    expectIndexesDropped(s.db);
    expect(writes.count()).toBe(before); // no record row written by the upgrade (nor by the unlock)
    expect(await s.db.records.toArray()).toEqual(stored); // the fields of the dropped indexes stay in the rows
    expect(stored.filter((r) => r.entity === 'household').every((r) => typeof r.syncState === 'string' && typeof r.eventId === 'string')).toBe(true);
    expect(await s.db.outbox.toArray()).toEqual(outbox);
    expect(await readLog(s.db)).toEqual(v7Log);
    await s.listDigest.ready({ now: true });
    expect(s.listDigest.stats()).toMatchObject({ complete: true, compared: 0, logRead: 1, decrypted: 1, households: PEOPLE.length });
    expect((await s.households.list({ text: '钱建国' })).map((h) => h.id)).toEqual([ids[0]]);
    await expectExact(s, dataKey, 'after the upgrade to 8');
    // The key generator starts past version 7's seq: the next write changes it.
    rig.clock.advance(60_000);
    const h = (await s.households.get(ids[1]!))!;
    await s.households.save({ ...h, notes: 'after the upgrade' });
    expect((await readLog(s.db))!.seq).toBeGreaterThan(v7Log.seq);
    await rig.close();
  });

  it('[N9][N11] versions 1 to 7 without a log open as version 8 without rewriting a row: the indexes gone, no whole log (the keys compared once), the answers exact; opened again nothing changes', async () => {
    for (const version of [1, 2, 5, 6, 7] as OlderVersion[]) {
      const { rig, first, dataKey, dbEnv, writes } = await workerWithCopy();
      const { stored } = await rewriteAsVersion(rig, first, dbEnv, version, (rows) => rows);
      const before = writes.count();
      const s = await rig.client.unlockOffline('li', 'pw-li');
      expectIndexesDropped(s.db);
      expect(writes.count(), `version ${version}`).toBe(before);
      expect(await s.db.records.toArray(), `version ${version}`).toEqual(stored);
      expect(await s.db.digestLog.count(), `version ${version}`).toBe(0);
      expect(await s.db.meta.get(DIGEST_LOG_KEY), `version ${version}`).toBeUndefined();
      await s.listDigest.ready({ now: true });
      expect(s.listDigest.stats(), `version ${version}`).toMatchObject({ complete: true, compared: 1 });
      await expectExact(s, dataKey, `from version ${version}`);
      await expectReopenedUnchanged(rig, s.db.name, dbEnv, stored);
      await rig.close();
    }
  }, 60_000);
});
