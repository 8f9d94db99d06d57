import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientRig } from '../../test/helpers/client-rig';
import { decryptedSearch, expectExact, hh, PEOPLE, QUERIES } from '../../test/helpers/digest-households';
import { keysOf } from '../../test/helpers/keys-of';
import { readParts, type PartEntry } from './digest-parts';
import { loadPinyin } from './pinyin-initials';
import type { DbSession } from './session';
import { UserDb } from './user-db';

/**
 * SPEC N10: a writer that has a record's fields feeds the list digest the entry at the rev it wrote (a
 * pull's page after its commit, a save), so the digest decrypts none of them afterwards (a first sync of
 * 50,000 households decrypted all of them again, ~12 s of steps). A fed entry is what reading and
 * decrypting the row gives: the copy written from fed entries equals a cold build's, entry by entry.
 */

afterEach(() => vi.restoreAllMocks());

const env = () => ({ prefix: `digest-feed-${Math.random().toString(36).slice(2, 8)}-` });
const byId = (entries: PartEntry[]) => [...entries].sort((a, b) => (a[0] < b[0] ? -1 : 1));

/** Locks, deletes the digest's sealed copy, unlocks: the digest is built cold, every household decrypted; returns its copy. */
async function coldCopy(rig: Awaited<ReturnType<typeof clientRig>>, s: DbSession, dbEnv: { prefix: string }, dataKey: CryptoKey) {
  rig.client.lock();
  await rig.client.settled();
  const db = new UserDb(s.db.name, dbEnv);
  await db.digest.clear();
  db.close();
  const cold = await rig.client.unlockOffline('li', 'pw-li');
  await cold.listDigest.ready({ now: true });
  await cold.listDigest.saved();
  return { cold, parts: byId(await readParts(cold.db, dataKey)) };
}

/** A worker logged in on a tablet whose database names are its own (`dbEnv`, for opening it while locked). */
async function worker() {
  const dbEnv = env();
  const rig = await clientRig({ deps: { db: dbEnv } });
  await rig.server.addUser({ username: 'li', password: 'pw-li' });
  const s = await rig.client.loginOnline('li', 'pw-li');
  return { dbEnv, rig, s, dataKey: (await keysOf(s, 'pw-li')).dataKey };
}

describe('the list digest fed by its writers (SPEC N10)', () => {
  it('[N10][L6] a first sync feeds it the pulled households at their revs: none is decrypted after it, every answer is the decrypted search, and each entry is the cold build’s', async () => {
    const dbEnv = env();
    const rig = await clientRig({ deps: { db: dbEnv } });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    // 60 households from another tablet of the worker: one page of 50 or more rows (a wide write).
    const other = await rig.anotherTablet({ db: env() }).loginOnline('li', 'pw-li');
    for (let i = 0; i < 60; i++) {
      rig.clock.advance(60_000);
      await other.households.save(hh(700 + i, PEOPLE[i % PEOPLE.length]!));
    }
    await other.surveys.saveDraft({ id: 'survey-0001', caseId: 'case-0001', members: [{ id: 'm1', name: '张建国', idNumber: '3301061985' }] });
    await other.sync.syncNow();

    const s = await rig.client.loginOnline('li', 'pw-li');
    const { dataKey } = await keysOf(s, 'pw-li');
    await s.sync.syncNow();
    expect(await s.db.records.count()).toBe(61);
    await s.listDigest.ready({ now: true });
    // No row read or decrypted: the comparison found every row at the rev it was fed at.
    expect(s.listDigest.stats()).toMatchObject({ complete: true, households: 60, rows: 61, rowsRead: 0, decrypted: 0 });
    await expectExact(s, dataKey, 'fed by the first sync');
    await s.listDigest.saved();
    const fed = byId(await readParts(s.db, dataKey));
    expect(fed).toHaveLength(61);

    const { cold, parts } = await coldCopy(rig, s, dbEnv, dataKey);
    expect(cold.listDigest.stats()).toMatchObject({ restored: 0, decrypted: 60 });
    expect(fed).toEqual(parts);
    for (const q of QUERIES) expect(await cold.households.list({ text: q }), q).toEqual(await decryptedSearch(cold, dataKey, q));
    await rig.close();
  });

  it('[N10][L2] a digest complete before a pull stays complete through its pages (50 rows or more: no ids named), each fed and accounted for: no key compared again, no row read, the answers exact', async () => {
    const { dbEnv, rig, s, dataKey } = await worker();
    await s.households.save(hh(690, PEOPLE[0]!));
    await s.sync.syncNow();
    await s.listDigest.ready({ now: true });
    const before = s.listDigest.stats();
    expect(before.complete).toBe(true);
    const compared = vi.spyOn(s.db.records, 'orderBy');
    const other = await rig.anotherTablet({ db: env() }).loginOnline('li', 'pw-li');
    await other.sync.syncNow();
    for (let i = 0; i < 60; i++) {
      rig.clock.advance(60_000);
      await other.households.save(hh(700 + i, PEOPLE[i % PEOPLE.length]!));
    }
    await other.sync.syncNow();
    await s.sync.syncNow();
    expect(await s.db.records.count()).toBe(61);
    // Complete at once after the pull: its page (a wide write) was fed whole, so nothing is compared again.
    expect(s.listDigest.stats()).toMatchObject({ complete: true, households: 61, rowsRead: before.rowsRead, decrypted: before.decrypted });
    await expectExact(s, dataKey, 'after a pull into a complete digest');
    expect(s.listDigest.stats()).toMatchObject({ decrypted: before.decrypted });
    expect(compared.mock.calls.filter(([index]) => index === '[id+rev]')).toEqual([]);
    await rig.close();
  });

  it('[N10] a save feeds it the household at the rev written: nothing is decrypted for it, and each entry is the cold build’s', async () => {
    const { dbEnv, rig, s, dataKey } = await worker();
    // Initials are computed when pinyin is loaded (a digest fed before it keeps the names, converted later).
    await loadPinyin();
    const ids: string[] = [];
    for (const [i, p] of PEOPLE.entries()) {
      rig.clock.advance(60_000);
      const h = hh(700 + i, p);
      await s.households.save(h);
      ids.push(h.id);
    }
    await s.listDigest.ready({ now: true });
    expect(s.listDigest.stats()).toMatchObject({ complete: true, households: PEOPLE.length, decrypted: 0 });
    // An edit once the digest is complete: fed too.
    const edited = await s.households.get(ids[1]!);
    rig.clock.advance(60_000);
    await s.households.save({ ...edited!, head: { ...edited!.head, name: '赵建国' } });
    expect(await s.households.list({ text: '赵建' })).toHaveLength(1);
    expect(s.listDigest.stats().decrypted).toBe(0);
    await expectExact(s, dataKey, 'fed by saves');
    await s.listDigest.saved();
    const fed = byId(await readParts(s.db, dataKey));
    const { parts } = await coldCopy(rig, s, dbEnv, dataKey);
    expect(fed).toEqual(parts);
    await rig.close();
  });
});
