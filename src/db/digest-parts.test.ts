import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientRig } from '../../test/helpers/client-rig';
import { digestRig, expectExact, hh, PEOPLE, saveAll } from '../../test/helpers/digest-households';
import { relock, savedCopy as copyWritten } from '../../test/helpers/digest-copy';
import { keysOf } from '../../test/helpers/keys-of';
import { rewriteAsVersion } from '../../test/helpers/older-release-db';
import { open, seal, type Sealed } from '../security/seal';
import { DIGEST_PARTS, openPart, partOf, readParts } from './digest-parts';
import { DIGEST_PERSIST_EVERY_MS, DIGEST_QUIET_MS, ListDigest } from './list-digest';
import { purgeSyncedRecords } from './purge-synced';
import type { Fields } from './record-fields';
import type { DbSession } from './session';
import { writeRecords } from '../../test/helpers/record-writes';

/**
 * SPEC N11 (Dexie version 6): the list digest's sealed copy. A second unlock starts from it, decrypting
 * only what changed; a part that does not open is read again from the records; a deleted record's part
 * goes in the deleting transaction; a failed write deletes the copy and costs nothing else.
 */

afterEach(() => vi.restoreAllMocks());

const env = () => ({ prefix: `digest-parts-${Math.random().toString(36).slice(2, 8)}-` });
const savedCopy = () => copyWritten('digest-parts');

/** savedCopy, synced (its records purgeable in time), and the copy written again. */
async function syncedCopy() {
  const copy = await savedCopy();
  await copy.s.sync.syncNow();
  await copy.s.listDigest.saved();
  return copy;
}

/** Every entry of the copy, opened: the ids it names. */
async function idsInCopy(s: DbSession, dataKey: CryptoKey): Promise<string[]> {
  return (await readParts(s.db, dataKey)).map(([id]) => id).sort();
}

describe('the list digest’s sealed copy (SPEC N11)', () => {
  it('[N11][N10] a second unlock restores the digest from the copy: no row read, no household decrypted, and every answer is the cold build’s', async () => {
    const { rig, s, dataKey, env: dbEnv } = await savedCopy();
    expect(await s.db.digest.count()).toBeGreaterThan(0);
    expect(s.listDigest.stats()).toMatchObject({ partsDirty: 0 });
    expect(await idsInCopy(s, dataKey)).toEqual((await s.db.records.toCollection().primaryKeys()).sort());
    const back = await relock(rig, s, dbEnv);
    expect(back.listDigest.stats()).toMatchObject({ complete: true, restored: PEOPLE.length + 1, decrypted: 0, rowsRead: 0, households: PEOPLE.length, partsDirty: 0 });
    await expectExact(back, dataKey, 'restored');
    await rig.close();
  });

  it('[N11] a household changed, added or deleted while locked is read again or dropped: only the changed and the added are decrypted, and the answers are right', async () => {
    const { rig, s, dataKey, ids, env: dbEnv } = await savedCopy();
    const back = await relock(rig, s, dbEnv, async (db) => {
      const row = (await db.records.get(ids[1]!))!;
      const fields = await open<Fields>(dataKey, row.id, row.sealed);
      const renamed = { ...fields, head: { ...(fields.head as object), name: '钱建国' } };
      const added = `${row.id.slice(0, -4)}9999`;
      const sealedRenamed = await seal(dataKey, row.id, renamed);
      const sealedAdded = await seal(dataKey, added, { ...fields, id: added, head: { ...(fields.head as object), name: '孙建国' } });
      await writeRecords(db, async () => {
        await db.records.put({ ...row, rev: row.rev + 1, sealed: sealedRenamed });
        await db.records.put({ ...row, id: added, rev: 1, sealed: sealedAdded });
        await db.records.delete(ids[4]!);
      });
    });
    expect(back.listDigest.stats()).toMatchObject({ complete: true, restored: PEOPLE.length + 1, decrypted: 2, households: PEOPLE.length });
    expect((await back.households.list({ text: '建国' })).map((h) => h.headName).sort()).toEqual(['孙建国', '张建国', '钱建国']);
    expect(await back.households.list({ text: '李四' })).toEqual([]);
    await expectExact(back, dataKey, 'stale copy');
    await back.listDigest.saved();
    expect(await idsInCopy(back, dataKey)).toEqual((await back.db.records.toCollection().primaryKeys()).sort());
    await rig.close();
  });

  it('[N11] a tampered part is ignored and deleted: its households are decrypted again, the answers are right, and it is written anew', async () => {
    const { rig, s, dataKey, ids, env: dbEnv } = await savedCopy();
    const part = partOf(ids[0]!);
    const inPart = ids.filter((id) => partOf(id) === part).length;
    const back = await relock(rig, s, dbEnv, async (db) => {
      const row = (await db.digest.get(part)) as { part: number; sealed: Sealed };
      const ct = new Uint8Array(row.sealed.ct);
      ct[3] = ct[3]! ^ 0xff;
      await db.digest.put({ part, sealed: { iv: row.sealed.iv, ct } });
    });
    expect(back.listDigest.stats()).toMatchObject({ complete: true, decrypted: inPart, households: PEOPLE.length });
    await expectExact(back, dataKey, 'tampered part');
    await back.listDigest.saved();
    expect(await idsInCopy(back, dataKey)).toEqual((await back.db.records.toCollection().primaryKeys()).sort());
    await rig.close();
  });

  it('[N11] the copy holds no name or ID number in clear', async () => {
    const { rig, s } = await savedCopy();
    const raw = JSON.stringify(await s.db.digest.toArray(), (_k, v: unknown) => (ArrayBuffer.isView(v) ? Buffer.from(v.buffer).toString('latin1') : v));
    const latin1 = (text: string) => Buffer.from(text).toString('latin1');
    for (const p of PEOPLE) expect(raw).not.toContain(latin1(p.name));
    expect(raw).not.toContain('3301');
    expect(raw).not.toContain('柳树村');
    await rig.close();
  });
});

describe('the list digest’s sealed copy (SPEC N11): deletes', () => {
  /** The store names of the transaction each bulkDelete of `digest` ran in. */
  function digestDeletes(s: DbSession) {
    const seen: string[][] = [];
    const real = s.db.digest.bulkDelete.bind(s.db.digest);
    vi.spyOn(s.db.digest, 'bulkDelete').mockImplementation(((keys: number[]) => {
      seen.push([...(Dexie.currentTransaction?.storeNames ?? [])].sort());
      return real(keys);
    }) as never);
    return seen;
  }

  it('[N11] a purge deletes the parts holding the purged records in its transaction; the copy written after names none of them', async () => {
    const { rig, s, dataKey } = await syncedCopy();
    const seen = digestDeletes(s);
    rig.clock.advance(31 * 86_400_000);
    const { purged } = await purgeSyncedRecords(s.db, { now: rig.clock.now(), days: 30 });
    expect(purged.length).toBeGreaterThan(0);
    expect(seen).toEqual([['attachments', 'digest', 'digestLog', 'outbox', 'records']]); // digestLog: the write log names them (N11)
    for (const id of purged) expect(await s.db.digest.get(partOf(id)), id).toBeUndefined();
    expect((await idsInCopy(s, dataKey)).filter((id) => purged.includes(id))).toEqual([]);
    await s.listDigest.saved();
    expect((await idsInCopy(s, dataKey)).filter((id) => purged.includes(id))).toEqual([]);
    await expectExact(s, dataKey, 'after a purge');
    await rig.close();
  });

  it('[N11] a record purged while its part is being sealed is not written back in it: the part waits for a new look at the disk', async () => {
    const { rig, s, dataKey, ids } = await syncedCopy();
    rig.clock.advance(31 * 86_400_000);
    // A write that keeps the row synced (purgeable) marks its part to be written; the purge runs while it is sealed.
    const row = (await s.db.records.get(ids[1]!))!;
    const part = partOf(ids[1]!);
    const subtle = globalThis.crypto.subtle;
    const encrypt = subtle.encrypt.bind(subtle);
    let purged: string[] | null = null;
    vi.spyOn(subtle, 'encrypt').mockImplementation(async (algorithm, key, data) => {
      const aad = (algorithm as AesGcmParams).additionalData;
      if (!purged && aad && new TextDecoder().decode(aad as Uint8Array) === `digest:${part}`) {
        purged = (await purgeSyncedRecords(s.db, { now: rig.clock.now(), days: 30 })).purged;
      }
      return encrypt(algorithm, key, data);
    });
    const written: { part: number; sealed: Sealed }[] = [];
    const put = s.db.digest.put.bind(s.db.digest);
    vi.spyOn(s.db.digest, 'put').mockImplementation(((row: { part: number; sealed: Sealed }) => {
      if (row.part >= 0) written.push(row);
      return put(row);
    }) as never);
    await writeRecords(s.db, () => s.db.records.put({ ...row, rev: row.rev + 1 }));
    await s.listDigest.saved();
    expect(purged).toContain(ids[1]);
    for (const row of written) {
      const named = (await openPart(dataKey, row.part, row.sealed))!.entries.map(([id]) => id);
      expect(named.filter((id) => purged!.includes(id)), `part ${row.part}`).toEqual([]);
    }
    expect(await idsInCopy(s, dataKey)).not.toContain(ids[1]);
    await expectExact(s, dataKey, 'after a purge during a write');
    await rig.close();
  });

  it('[N11][L1] a pull’s delete deletes the parts holding the deleted records in the page’s transaction', async () => {
    const { rig, s, dataKey, ids } = await syncedCopy();
    const gone = (await s.db.records.get(ids[2]!))!;
    const cursor = Number((await s.db.meta.get('cursor'))!.value);
    rig.net.once('GET /api/sync/pull', {
      kind: 'respond',
      respond: () =>
        new Response(
          JSON.stringify({
            records: [{ entity: 'household', id: gone.id, version: gone.version + 1, serverSeq: cursor + 1, township: null, fields: {}, deleted: true, updatedAt: new Date(rig.clock.now()).toISOString() }],
            cursor: cursor + 1,
            hasMore: false,
          }),
          { status: 200, headers: { 'content-type': 'application/json' } },
        ),
    });
    const seen = digestDeletes(s);
    await s.sync.syncNow();
    expect(await s.db.records.get(gone.id)).toBeUndefined();
    expect(seen).toEqual([['digest', 'digestLog', 'meta', 'outbox', 'records', 'reference']]);
    expect(await s.db.digest.get(partOf(gone.id))).toBeUndefined();
    await s.listDigest.saved();
    expect(await idsInCopy(s, dataKey)).not.toContain(gone.id);
    await expectExact(s, dataKey, 'after a pull’s delete');
    await rig.close();
  });
});

describe('the list digest’s sealed copy (SPEC N11): when it is written', () => {
  it('[N11] the first round follows the warm-up once writes pause; after it, a save’s part waits for writes to pause and for DIGEST_PERSIST_EVERY_MS since the round before', async () => {
    const { rig, s, dataKey } = await digestRig();
    const ids = await saveAll(s, rig);
    let t = 0;
    const sleeping: { at: number; wake: () => void }[] = [];
    const settle = () => new Promise((r) => setTimeout(r, 50));
    const advance = async (ms: number) => {
      t += ms;
      for (const x of sleeping.splice(0)) if (x.at <= t) x.wake(); else sleeping.push(x);
      await settle();
    };
    const digest = new ListDigest(s.db, dataKey, { now: () => t, sleep: (ms) => new Promise<void>((wake) => sleeping.push({ at: t + ms, wake })) });
    digest.start();
    await settle();
    expect(digest.stats()).toMatchObject({ complete: false, partsWritten: 0 });
    await advance(DIGEST_QUIET_MS);
    await digest.saved();
    const parts = new Set(ids.map(partOf)).size;
    expect(digest.stats()).toMatchObject({ complete: true, partsWritten: parts, partsDirty: 0 });
    expect(await s.db.digest.count()).toBe(parts);

    rig.clock.advance(60_000);
    const current = (await s.households.get(ids[0]!))!;
    await s.households.save({ ...current, origin: { village: '新村' } });
    await advance(DIGEST_QUIET_MS); // caught up, but the round waits
    expect(digest.stats()).toMatchObject({ partsWritten: parts, partsDirty: 1 });
    await advance(DIGEST_PERSIST_EVERY_MS - 2 * DIGEST_QUIET_MS);
    expect(digest.stats()).toMatchObject({ partsWritten: parts, partsDirty: 1 });
    await advance(DIGEST_QUIET_MS);
    await settle();
    expect(digest.stats()).toMatchObject({ partsWritten: parts + 1, partsDirty: 0 });
    expect(DIGEST_PARTS).toBe(32);
    digest.clear();
    await rig.close();
  });
});

describe('the list digest’s sealed copy (SPEC N11): a failed write', () => {
  it('[N11] a write that fails (a full disk) deletes the copy and loses nothing: the digest answers, saves succeed', async () => {
    const { rig, s, dataKey } = await savedCopy();
    expect(await s.db.digest.count()).toBeGreaterThan(0);
    const put = vi.spyOn(s.db.digest, 'put').mockRejectedValue(Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' }));
    rig.clock.advance(60_000);
    const first = hh(800, PEOPLE[0]!);
    await s.households.save(first);
    await s.listDigest.saved();
    expect(put).toHaveBeenCalled();
    expect(await s.db.digest.count()).toBe(0);
    rig.clock.advance(60_000);
    const second = hh(801, PEOPLE[1]!);
    await s.households.save(second);
    await s.listDigest.saved();
    expect(s.listDigest.stats()).toMatchObject({ complete: true, households: PEOPLE.length + 2 });
    await expectExact(s, dataKey, 'after a failed write');
    expect(await s.db.outbox.where('id').anyOf([first.id, second.id]).count()).toBe(2);
    await rig.close();
  });
});

describe('Dexie version 6 (SPEC N11)', () => {
  it('[N11] a version 5 database with rows opens as version 6 (now through to 8) with every row and index intact, and an empty copy until the digest writes it', async () => {
    const dbEnv = env();
    const rig = await clientRig({ deps: { db: dbEnv } });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const first = await rig.client.loginOnline('li', 'pw-li');
    const { dataKey } = await keysOf(first, 'pw-li');
    const ids = await saveAll(first, rig);
    await first.surveys.saveDraft({ id: 'survey-0001', caseId: 'case-0001', members: [{ id: 'm1', name: '张建国', idNumber: '3301061985' }] });
    const indexed = async (db: Dexie) => ({
      entity: await db.table('records').where('entity').equals('household').primaryKeys(),
      idHmacs: await db.table('records').orderBy('idHmacs').keys(),
      idRev: await db.table('records').orderBy('[id+rev]').keys(),
      outbox: await db.table('outbox').where('[state+seq]').between(['queued', 0], ['queued', Infinity]).primaryKeys(),
    });
    const before = await indexed(first.db);
    const { rows, outbox } = await rewriteAsVersion(rig, first, dbEnv, 5, (r) => r);
    const s = await rig.client.unlockOffline('li', 'pw-li');
    expect(s.db.verno).toBe(8); // version 7 drops the name index (dexie-version-7.test.ts), 8 the unread indexes (dexie-version-8.test.ts)
    expect(await s.db.records.toArray()).toEqual(rows);
    expect(await s.db.outbox.toArray()).toEqual(outbox);
    expect(await indexed(s.db)).toEqual(before);
    expect(await s.db.digest.count()).toBe(0);
    await s.listDigest.ready({ now: true });
    expect(s.listDigest.stats()).toMatchObject({ restored: 0, decrypted: PEOPLE.length });
    await s.listDigest.saved();
    expect((await readParts(s.db, dataKey)).map(([id]) => id).sort()).toEqual([...ids, 'survey-0001'].sort());
    await rig.close();
  });
});
