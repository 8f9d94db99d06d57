import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClientRig } from '../../test/helpers/client-rig';
import { digestRig, expectExact, hh, PEOPLE, saveAll } from '../../test/helpers/digest-households';
import { relock, savedCopy as copyWritten } from '../../test/helpers/digest-copy';
import { writeRecords } from '../../test/helpers/record-writes';
import { open, seal } from '../security/seal';
import type { DBCoreTable, Dexie } from 'dexie';
import { clientRig } from '../../test/helpers/client-rig';
import { DIGEST_LOG_BOUND, DIGEST_LOG_COMPACT_AFTER, DIGEST_LOG_KEY, DigestLogScopeError, logOf, readLog, type DigestLogNote } from './digest-log';
import { partOf } from './digest-parts';
import { DIGEST_RESTORE_AFTER_MS } from './list-digest';
import { purgeSyncedRecords } from './purge-synced';
import type { Fields } from './record-fields';
import type { DbSession } from './session';
import { UserDb, type RecordRow } from './user-db';

/**
 * SPEC N11: the write log of the list digest's sealed copy. Every write of records adds a row naming its
 * ids to `digestLog` in its transaction; a round of the copy's writes empties it once every part is true to the
 * disk; the next unlock, with a whole log, reads the ids it names and compares no `[id+rev]` key. Every
 * answer stays the cold build's (expectExact: every query against a decrypted search).
 */

afterEach(() => vi.restoreAllMocks());

/** A copy written, its log emptied (digest-copy.ts). */
async function savedCopy() {
  const copy = await copyWritten('digest-log');
  return { ...copy, dbEnv: copy.env };
}

/**
 * Unlocks as a worker does: the first list starts the digest, whose restore waits for lists to pause;
 * no round of the copy's writes runs until the session's (manual) timers say writes paused.
 */
async function unlockAsWorker(rig: ClientRig) {
  const back = await rig.client.unlockOffline('li', 'pw-li');
  await back.households.list({ text: '' });
  await new Promise((r) => setTimeout(r, 20));
  rig.timers.advance(DIGEST_RESTORE_AFTER_MS);
  await back.listDigest.ready();
  return back;
}

async function renamed(dataKey: CryptoKey, db: UserDb, id: string, name: string) {
  const row = (await db.records.get(id))!;
  const fields = await open<Fields>(dataKey, row.id, row.sealed);
  return { ...row, rev: row.rev + 1, sealed: await seal(dataKey, row.id, { ...fields, head: { ...(fields.head as object), name } }) };
}

describe('the copy’s write log (SPEC N11): the restore', () => {
  it('[N11] an unlock after a round emptied the log compares no key: the copy alone completes the digest, and every answer is the cold build’s', async () => {
    const { rig, s, dataKey, dbEnv } = await savedCopy();
    expect(await readLog(s.db)).toMatchObject({ ids: [] });
    const back = await relock(rig, s, dbEnv);
    expect(back.listDigest.stats()).toMatchObject({ complete: true, compared: 0, logRead: 0, decrypted: 0, rowsRead: 0, restored: PEOPLE.length + 1, households: PEOPLE.length });
    await expectExact(back, dataKey, 'whole log');
    await rig.close();
  });

  it('[N11][O5][L1] a save, its push’s answer and a pull after the copy was written are in the log: the next unlock reads those rows alone, compares no key, and answers exactly', async () => {
    const { rig, s, dataKey, ids, dbEnv } = await savedCopy();
    await s.sync.syncNow(); // its records pushed, so that the push below answers for the edited one alone
    await s.listDigest.saved();
    rig.client.lock();
    await rig.client.settled();
    const worker = await unlockAsWorker(rig);
    expect(worker.listDigest.stats()).toMatchObject({ complete: true, compared: 0 });
    // Another tablet of the same worker adds a household; this one edits one, pushes it and pulls the other.
    const other = rig.anotherTablet();
    const s2 = (await other.loginOnline('li', 'pw-li')) as DbSession;
    await s2.households.save(hh(790, { name: '孙建国', village: '河口村', members: [], event: 'event-0002' }));
    await s2.sync.syncNow();
    rig.clock.advance(60_000);
    const edited = (await worker.households.get(ids[1]!))!;
    await worker.households.save({ ...edited, head: { ...edited.head, name: '钱秀英' } });
    await worker.sync.syncNow();
    expect((await worker.db.records.get(ids[1]!))!.syncState).toBe('synced');
    const log = (await readLog(worker.db))!;
    expect([...log.ids!].sort()).toEqual(expect.arrayContaining([ids[1], (await worker.db.records.where('entity').equals('household').primaryKeys()).find((id) => !ids.includes(id))]));
    expect(worker.listDigest.stats().partsWritten).toBe(0); // no round ran: the log alone tells the next unlock
    const again = await relock(rig, worker, dbEnv);
    expect(again.listDigest.stats()).toMatchObject({ complete: true, compared: 0, households: PEOPLE.length + 1 });
    expect(again.listDigest.stats().decrypted).toBeLessThanOrEqual(2);
    expect(again.listDigest.stats().logRead).toBeGreaterThanOrEqual(2);
    expect((await again.households.list({ text: '建国' })).map((h) => h.headName).sort()).toEqual(['孙建国', '张建国']);
    expect((await again.households.list({ text: '钱秀英' })).map((h) => h.id)).toEqual([ids[1]]);
    await expectExact(again, dataKey, 'logged writes');
    await rig.close();
  });

  it('[N11][L1] a purge after the copy deletes its parts: the next unlock compares the keys (a part is missing), exactly; once a round rewrote them, it compares none', async () => {
    const { rig, s, dataKey, dbEnv } = await savedCopy();
    await s.sync.syncNow();
    await s.listDigest.saved();
    let purged: string[] = [];
    const back = await relock(rig, s, dbEnv, async (db) => {
      purged = (await purgeSyncedRecords(db, { now: new Date(rig.clock.now().getTime() + 31 * 86_400_000), days: 30 })).purged;
    });
    expect(purged.length).toBeGreaterThan(0);
    expect((await readLog(back.db))?.ids ?? []).toEqual(expect.arrayContaining(purged));
    expect(back.listDigest.stats()).toMatchObject({ complete: true, compared: 1 });
    await expectExact(back, dataKey, 'after a purge');
    await back.listDigest.saved();
    const third = await relock(rig, back, dbEnv);
    expect(third.listDigest.stats()).toMatchObject({ complete: true, compared: 0, decrypted: 0 });
    await expectExact(third, dataKey, 'after a purge, parts rewritten');
    await rig.close();
  });

  it('[N11] an overflowed log (a first sync, a range) falls back to the comparison, and the answers are exact', async () => {
    const { rig, s, dataKey, ids, dbEnv } = await savedCopy();
    const back = await relock(rig, s, dbEnv, async (db) => {
      const row = await renamed(dataKey, db, ids[2]!, '钱建华');
      await writeRecords(db, async () => {
        await db.digestLog.add({ ids: null }); // a row naming a range, as more than DIGEST_LOG_BOUND ids leave the log too
        await db.records.put(row);
      });
    });
    expect(back.listDigest.stats()).toMatchObject({ complete: true, compared: 1, decrypted: 1 });
    expect((await back.households.list({ text: '钱建华' })).map((h) => h.id)).toEqual([ids[2]]);
    await expectExact(back, dataKey, 'overflowed log');
    // A range write (a clear) overflows it too: it names no id.
    await back.listDigest.saved();
    expect(await readLog(back.db)).toMatchObject({ ids: [] });
    const fourth = await relock(rig, back, dbEnv, async (db) => {
      await writeRecords(db, () => db.records.clear());
    });
    expect(fourth.listDigest.stats()).toMatchObject({ complete: true, compared: 1, households: 0 });
    await expectExact(fourth, dataKey, 'cleared');
    await rig.close();
  });

  it('[N11] the log is its rows’ ids at their greatest key: it overflows past DIGEST_LOG_BOUND ids, on a range, and when never emptied; it keeps the parts it noted', () => {
    const note: DigestLogNote = { seq: 4, parts: [1, 2] };
    expect(logOf([], undefined)).toBeUndefined();
    expect(logOf([], note)).toEqual({ seq: 4, ids: [], parts: [1, 2] });
    expect(logOf([{ seq: 5, ids: ['a'] }, { seq: 7, ids: ['b', 'a'] }], note)).toEqual({ seq: 7, ids: ['a', 'b'], parts: [1, 2] });
    expect(logOf([{ seq: 5, ids: ['a'] }, { seq: 6, ids: null }], note)).toEqual({ seq: 6, ids: null, parts: [1, 2] });
    expect(logOf([{ seq: 1, ids: ['a'] }], undefined)).toEqual({ seq: 1, ids: null });
    const many = Array.from({ length: DIGEST_LOG_BOUND }, (_, i) => `id-${i}`);
    expect(logOf([{ seq: 5, ids: many.slice(1) }, { seq: 6, ids: ['id-1'] }], note)!.ids).toHaveLength(DIGEST_LOG_BOUND - 1);
    expect(logOf([{ seq: 5, ids: many.slice(1) }, { seq: 6, ids: ['a', 'b'] }], note)).toEqual({ seq: 6, ids: null, parts: [1, 2] });
  });
});

describe('the copy’s write log (SPEC N11): rounds', () => {
  it('[N11] a record written after a round wrote its parts and before it empties the log keeps the log: no emptied log older than the write is stored, and the next unlock reads it', async () => {
    const { rig, s, dataKey, ids, dbEnv } = await savedCopy();
    const emptied: DigestLogNote[] = [];
    const put = s.db.meta.put.bind(s.db.meta);
    vi.spyOn(s.db.meta, 'put').mockImplementation(((row: { key: string; value: unknown }) => {
      if (row.key === DIGEST_LOG_KEY) emptied.push(row.value as DigestLogNote);
      return put(row as never);
    }) as never);
    const digestPut = s.db.digest.put.bind(s.db.digest);
    let written: Promise<number> | null = null;
    const y = await renamed(dataKey, s.db, ids[3]!, '钱小红');
    vi.spyOn(s.db.digest, 'put').mockImplementation(((row: { part: number }) => {
      // The round's one part is being written: a record is written right after it (another tab's, say).
      if (!written && row.part >= 0) {
        written = new Promise((done) =>
          // Its seq read in its own transaction: what it left, before anything after it.
          setTimeout(() => void writeRecords(s.db, async () => (await s.db.records.put(y), (await readLog(s.db))!.seq)).then(done)),
        );
      }
      return digestPut(row as never);
    }) as never);
    rig.clock.advance(60_000);
    const x = (await s.households.get(ids[0]!))!;
    await s.households.save({ ...x, origin: { village: '新村' } });
    await s.listDigest.saved();
    expect(written).not.toBeNull();
    const seqOfY = await written!;
    await s.listDigest.saved();
    expect(emptied.length).toBeGreaterThan(0);
    for (const log of emptied) expect(log.seq, JSON.stringify(log)).toBeGreaterThanOrEqual(seqOfY);
    const back = await relock(rig, s, dbEnv);
    expect(back.listDigest.stats()).toMatchObject({ complete: true, compared: 0 });
    expect((await back.households.list({ text: '钱小红' })).map((h) => h.id)).toEqual([ids[3]]);
    await expectExact(back, dataKey, 'written during a round');
    await rig.close();
  });

  it('[N11] a round with no write since the digest compared every key reads no key again (the first round after a first sync)', async () => {
    const { rig, s } = await digestRig();
    await saveAll(s, rig);
    const orderBy = vi.spyOn(s.db.records, 'orderBy');
    const where = vi.spyOn(s.db.records, 'where');
    await s.listDigest.ready({ now: true });
    await s.listDigest.saved();
    expect(s.listDigest.stats()).toMatchObject({ compared: 1, partsWritten: new Set((await s.db.records.toCollection().primaryKeys()).map(partOf)).size });
    expect(orderBy.mock.calls.filter(([index]) => index === '[id+rev]')).toHaveLength(1); // the comparison's
    expect(where.mock.calls.filter(([index]) => (index as unknown) === '[id+rev]')).toHaveLength(0);
    expect(await readLog(s.db)).toMatchObject({ ids: [] });
    await rig.close();
  });

  it('[N11] a lock in the middle of a round leaves the log naming what it had not written: the next unlock reads it and compares no key', async () => {
    const { rig, s, dataKey, ids } = await savedCopy();
    const part = partOf(ids[0]!);
    const subtle = globalThis.crypto.subtle;
    const encrypt = subtle.encrypt.bind(subtle);
    let locked = false;
    vi.spyOn(subtle, 'encrypt').mockImplementation(async (algorithm, key, data) => {
      const aad = (algorithm as AesGcmParams).additionalData;
      if (!locked && aad && new TextDecoder().decode(aad as Uint8Array) === `digest:${part}`) {
        locked = true;
        rig.client.lock(); // while the part is sealed
      }
      return encrypt(algorithm, key, data);
    });
    rig.clock.advance(60_000);
    const x = (await s.households.get(ids[0]!))!;
    await s.households.save({ ...x, head: { ...x.head, name: '钱建国' } });
    await vi.waitFor(() => expect(locked).toBe(true));
    await rig.client.settled();
    vi.restoreAllMocks();
    const back = await rig.client.unlockOffline('li', 'pw-li');
    expect((await readLog(back.db))?.ids).toContain(ids[0]);
    await back.listDigest.ready({ now: true });
    expect(back.listDigest.stats()).toMatchObject({ complete: true, compared: 0, decrypted: 1, logRead: 1 });
    expect((await back.households.list({ text: '钱建国' })).map((h) => h.id)).toEqual([ids[0]]);
    await expectExact(back, dataKey, 'locked during a round');
    await rig.close();
  });
});

describe('the copy’s write log (SPEC N11): another tab', () => {
  /** A write this tab's digest is not told of (another tab's, its notice not arrived): records and the log, as the middleware writes them. */
  async function unheardWrite(db: UserDb, row: Awaited<ReturnType<typeof renamed>>) {
    const tx = db.backendDB().transaction(['records', 'digestLog'], 'readwrite');
    tx.objectStore('digestLog').add({ ids: [row.id] });
    tx.objectStore('records').put(row);
    await new Promise<void>((done, fail) => {
      tx.oncomplete = () => done();
      tx.onerror = () => fail(tx.error);
    });
  }

  it('[N11] a round checks its parts against the disk: a record another tab wrote, not yet heard of here, is read again before its part is written, so the emptied log never hides it', async () => {
    const { rig, s, dataKey, ids, dbEnv } = await savedCopy();
    await unheardWrite(s.db, await renamed(dataKey, s.db, ids[4]!, '钱四'));
    // A save here starts a round; the log names the other tab's record, whose part is in it.
    rig.clock.advance(60_000);
    const x = (await s.households.get(ids[0]!))!;
    await s.households.save({ ...x, origin: { village: '新村' } });
    await s.listDigest.saved();
    expect(await readLog(s.db)).toMatchObject({ ids: [] });
    const back = await relock(rig, s, dbEnv);
    expect(back.listDigest.stats()).toMatchObject({ complete: true, compared: 0 });
    expect((await back.households.list({ text: '钱四' })).map((h) => h.id)).toEqual([ids[4]]);
    await expectExact(back, dataKey, 'another tab’s write');
    await rig.close();
  });
});

describe('the copy’s write log (SPEC N11): writers', () => {
  it('[N11] a write of records whose transaction does not hold digestLog throws, and writes nothing', async () => {
    const { rig, s, dataKey, ids } = await savedCopy();
    const row = await renamed(dataKey, s.db, ids[0]!, '钱建国');
    await expect(s.db.transaction('rw', s.db.records, () => s.db.records.put(row))).rejects.toBeInstanceOf(DigestLogScopeError);
    await expect(s.db.transaction('rw', s.db.records, s.db.meta, () => s.db.records.put(row))).rejects.toBeInstanceOf(DigestLogScopeError); // version 7's scope
    await expect(s.db.records.put(row)).rejects.toBeInstanceOf(DigestLogScopeError);
    await expect(s.db.records.delete(ids[0]!)).rejects.toBeInstanceOf(DigestLogScopeError);
    expect((await s.db.records.get(ids[0]!))!.rev).toBe(row.rev - 1);
    await writeRecords(s.db, () => s.db.records.put(row));
    expect((await readLog(s.db))?.ids).toEqual([ids[0]]);
    await rig.close();
  });
});

/**
 * A DBCore addon (below the log's middleware: addons are used first) that notes each request on `meta` and
 * `digestLog` with the transaction it is in, and the transactions that wrote records.
 */
function logRequests() {
  const seen: { table: string; op: string; key?: unknown; trans: unknown }[] = [];
  const writers = new Set<unknown>();
  const addon = (db: Dexie) =>
    db.use({
      stack: 'dbcore',
      name: 'note-log-requests',
      create: (down) => ({
        ...down,
        table: (name) => {
          const t = down.table(name);
          if (name === 'records') return { ...t, mutate: (req) => (writers.add(req.trans), t.mutate(req)) };
          if (name !== 'meta' && name !== 'digestLog') return t;
          const note = (op: string, trans: unknown, key?: unknown) => seen.push({ table: name, op, key, trans });
          const wrapped: DBCoreTable = {
            ...t,
            get: (req) => (note('get', req.trans, req.key), t.get(req)),
            getMany: (req) => (note('getMany', req.trans, req.keys), t.getMany(req)),
            query: (req) => (note('query', req.trans), t.query(req)),
            openCursor: (req) => (note('openCursor', req.trans), t.openCursor(req)),
            count: (req) => (note('count', req.trans), t.count(req)),
            mutate: (req) => (note(req.type, req.trans), t.mutate(req)),
          };
          return wrapped;
        },
      }),
    });
  return { addon, inWriters: () => seen.filter((r) => writers.has(r.trans)).map(({ table, op, key }) => ({ table, op, ...(key === undefined ? {} : { key }) })) };
}

describe('the copy’s write log (SPEC N11): a blind write', () => {
  it('[N11][O5] a save adds one row to digestLog in its transaction and reads nothing of the log (version 7 read and rewrote a growing meta row)', async () => {
    const requests = logRequests();
    const db = { prefix: `digest-log-blind-${Math.random().toString(36).slice(2, 8)}-`, addons: [requests.addon] };
    const rig = await clientRig({ deps: { db } });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const ids = await saveAll(s, rig); // PEOPLE.length saves, each a transaction writing records
    rig.clock.advance(60_000);
    const h = (await s.households.get(ids[0]!))!;
    await s.households.save({ ...h, notes: 'once more' });
    expect(requests.inWriters()).toEqual(Array.from({ length: PEOPLE.length + 1 }, () => ({ table: 'digestLog', op: 'add' })));
    expect((await s.db.digestLog.toArray()).map((r) => r.ids)).toEqual([...ids.map((id) => [id]), [ids[0]]]);
    await rig.close();
  });

  it('[N11] a worker who never lists: the log’s rows are merged past DIGEST_LOG_COMPACT_AFTER writes, its seq and ids unchanged; past DIGEST_LOG_BOUND ids one null row', async () => {
    const name = `tidemark-u-compact-${Math.random().toString(36).slice(2, 8)}`;
    const db = new UserDb(name);
    await db.meta.put({ key: DIGEST_LOG_KEY, value: { seq: 0, parts: [3] } satisfies DigestLogNote }); // a round emptied it once
    const row = (id: string) => ({ id, entity: 'household', rev: 1, idHmacs: [], checkedOut: 0, formVersion: 1, version: 0, syncState: 'local', rejection: null, updatedAt: '', syncedAt: null, sealedServer: null, sealed: {} }) as unknown as RecordRow;
    const written: string[] = [];
    for (let i = 0; i < DIGEST_LOG_COMPACT_AFTER + 5; i++) {
      const id = `r-${i % 60}`;
      written.push(id);
      await writeRecords(db, () => db.records.put(row(id)));
    }
    const seq = (await readLog(db))!.seq;
    await vi.waitFor(async () => expect(await db.digestLog.count()).toBeLessThan(10));
    const log = (await readLog(db))!;
    expect(log).toEqual({ seq, ids: expect.any(Array), parts: [3] });
    expect([...log.ids!].sort()).toEqual([...new Set(written)].sort());
    // Past the bound: overflowed, and compacted into one row naming a range.
    const many = Array.from({ length: DIGEST_LOG_BOUND + 1 }, (_, i) => row(`m-${i}`));
    await writeRecords(db, () => db.records.bulkPut(many));
    await vi.waitFor(async () => expect(await db.digestLog.toArray()).toEqual([{ seq: seq + 1, ids: null }]));
    expect(await readLog(db)).toEqual({ seq: seq + 1, ids: null, parts: [3] });
    db.close();
  });
});
