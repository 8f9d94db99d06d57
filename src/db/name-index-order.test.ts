import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientRig } from '../../test/helpers/client-rig';
import { allPages, seedHouseholds } from '../../test/helpers/named-households';
import { keysOf } from '../../test/helpers/keys-of';
import { version4NameKeys } from '../../test/helpers/version4-name-keys';
import { rewriteAsVersion } from '../../test/helpers/older-release-db';
import { open } from '../security/seal';
import type { Fields } from './record-fields';
import { HOUSEHOLD_PAGE } from './household-list';
import { tokenOf } from './name-key-order';
import { nameIndexCandidateOrder, nameIndexCandidates } from './name-index';
import type { DbSession } from './session';
import { writeRecords } from '../../test/helpers/record-writes';

/**
 * SPEC N8: the name index's entries carry their row's clear `updatedAt`, so a search walks its candidates
 * in the list's order key-only and reads (and decrypts) only the rows of the page it shows (N7).
 * Real client (fake-indexeddb) against the real server in process.
 */

/** The ids of the record rows read (bulkGet, get) while `run` runs: what N8 bounds. */
async function rowsRead<T>(s: DbSession, run: () => Promise<T>): Promise<{ value: T; read: number }> {
  let read = 0;
  const bulkGet = s.db.records.bulkGet.bind(s.db.records);
  const get = s.db.records.get.bind(s.db.records);
  const a = vi.spyOn(s.db.records, 'bulkGet').mockImplementation(((keys: string[]) => {
    read += keys.length;
    return bulkGet(keys);
  }) as never);
  const b = vi.spyOn(s.db.records, 'get').mockImplementation(((key: string) => {
    read += 1;
    return get(key);
  }) as never);
  try {
    return { value: await run(), read };
  } finally {
    a.mockRestore();
    b.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('the name index holds the list’s order (SPEC N8)', () => {
  it('[N8][N7][N10] a query with hundreds of candidates reads only the rows of the page, the one after it and the rejected ones; the pages give list(), cold and from the warm list digest', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const tick = () => rig.clock.advance(60_000);
    // 300 true matches of 张建国 and, newest (sorted first), 20 candidates the check rejects.
    await seedHouseholds(s, tick, 1_000, 300, () => '张建国');
    await seedHouseholds(s, tick, 1_400, 20, () => '张建华', () => '李建国');
    const want = await s.households.list({ text: '张建国' });
    expect(want).toHaveLength(300);
    rig.client.lock();
    const cold = await rig.client.unlockOffline('li', 'pw-li');

    const decrypt = vi.spyOn(globalThis.crypto.subtle, 'decrypt');
    const { value: first, read } = await rowsRead(cold, () => cold.households.search({ text: '张建国' }, HOUSEHOLD_PAGE));
    expect(first).toEqual({ items: want.slice(0, HOUSEHOLD_PAGE), more: true });
    // The code before N8 read all 320 candidates' rows for their updatedAt before decrypting any.
    expect(read).toBeLessThanOrEqual(HOUSEHOLD_PAGE + 1 + 20);
    expect(decrypt.mock.calls.length).toBeLessThanOrEqual(HOUSEHOLD_PAGE + 1 + 20);
    // The next page reads only what it decrypts more.
    const { value: second, read: read2 } = await rowsRead(cold, () => cold.households.search({ text: '张建国' }, 2 * HOUSEHOLD_PAGE));
    expect(second).toEqual({ items: want.slice(0, 2 * HOUSEHOLD_PAGE), more: true });
    expect(read2).toBeLessThanOrEqual(HOUSEHOLD_PAGE);
    expect(await allPages(cold, '张建国')).toEqual(want);
    // N10: the same pages from the warm list digest.
    await cold.listDigest.ready({ now: true });
    expect(await cold.households.search({ text: '张建国' }, HOUSEHOLD_PAGE)).toEqual({ items: want.slice(0, HOUSEHOLD_PAGE), more: true });
    expect(await allPages(cold, '张建国')).toEqual(want);
    expect(cold.listDigest.stats().answered).toBeGreaterThan(0);
    await rig.close();
  }, 120_000);

  it('[N8] the candidates read as far as asked are the head of all of them, for one token and for several', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const tick = () => rig.clock.advance(60_000);
    // One instant for some (ties), a minute apart for the rest; 孙建国 also holds 建国 and 孙建.
    await seedHouseholds(s, () => undefined, 5_000, 12, () => '孙建国');
    await seedHouseholds(s, tick, 5_100, 40, (i) => (i % 3 === 0 ? '孙建国' : i % 3 === 1 ? '孙建华' : '刘建国'));
    const { lookupKey } = await keysOf(s, 'pw-li');
    for (const q of ['建国', '孙建国', 'sjg', 'sj']) {
      const all = (await nameIndexCandidates(s.db, lookupKey, q))!;
      const order = (await nameIndexCandidateOrder(s.db, lookupKey, q))!;
      for (const n of [1, 5, 13, all.length, all.length + 3]) expect(await order.first(n), `${q} ${n}`).toEqual(all.slice(0, n));
      // The index's order is the list's.
      const listed = (await s.households.list({ text: q })).map((h) => h.id);
      expect(all.filter((id) => listed.includes(id)), q).toEqual(listed);
    }
    await rig.close();
  });

  it('[N8][N10] households saved at one instant: the list orders them by id (the larger first, as the index), and the pages give list(), cold and from the warm list digest', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    // One instant for all (a pull page stamps its records alike): no tick between the saves.
    const ids = await seedHouseholds(s, () => undefined, 2_000, HOUSEHOLD_PAGE + 7, () => '王建国');
    rig.clock.advance(60_000);
    const later = await seedHouseholds(s, () => undefined, 2_100, 3, () => '王建国');
    const want = await s.households.list({ text: '王建国' });
    const tied = [...ids].sort().reverse();
    expect(want.map((h) => h.id)).toEqual([...[...later].sort().reverse(), ...tied]);
    rig.client.lock();
    const cold = await rig.client.unlockOffline('li', 'pw-li');
    expect(await cold.households.search({ text: '王建国' }, HOUSEHOLD_PAGE)).toEqual({ items: want.slice(0, HOUSEHOLD_PAGE), more: true });
    expect(await allPages(cold, '王建国')).toEqual(want);
    expect(await cold.households.list({ text: '王建国' })).toEqual(want);
    // N10: ties in the same order from the warm list digest.
    await cold.listDigest.ready({ now: true });
    expect(await cold.households.search({ text: '王建国' }, HOUSEHOLD_PAGE)).toEqual({ items: want.slice(0, HOUSEHOLD_PAGE), more: true });
    expect(await allPages(cold, '王建国')).toEqual(want);
    expect(await cold.households.list({ text: '王建国' })).toEqual(want);
    expect(cold.listDigest.stats().answered).toBeGreaterThan(0);
    await rig.close();
  });

  it('[N8] every entry carries its row’s updatedAt, whoever writes the row: a write that changes updatedAt and keeps the old entries is paired again', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const tick = () => rig.clock.advance(60_000);
    const [older, newer] = await seedHouseholds(s, tick, 3_000, 2, () => '赵建国');
    for (const r of await s.db.records.toArray()) {
      expect(r.nameKeys!.length).toBeGreaterThan(0);
      expect(r.nameKeys!.every((k) => Array.isArray(k) && k[1] === Date.parse(r.updatedAt))).toBe(true);
    }
    // A writer that spreads the stored row (as the push's answer does) with a later updatedAt.
    const row = (await s.db.records.get(older!))!;
    const at = new Date(Date.parse(row.updatedAt) + 3_600_000).toISOString();
    await writeRecords(s.db, () => s.db.records.put({ ...row, rev: row.rev + 1, updatedAt: at }));
    const after = (await s.db.records.get(older!))!;
    expect(after.nameKeys!.map(tokenOf)).toEqual(row.nameKeys!.map(tokenOf));
    expect(after.nameKeys!.every((k) => Array.isArray(k) && k[1] === Date.parse(at))).toBe(true);
    const { lookupKey } = await keysOf(s, 'pw-li');
    // The index's order follows: `older` is now the latest.
    expect(await nameIndexCandidates(s.db, lookupKey, '赵建国')).toEqual([older, newer]);
    expect((await s.households.search({ text: '赵建国' }, 1)).items.map((h) => h.id)).toEqual([older]);
    await rig.close();
  });

  it('[N8] a version 3 database opens as version 5 (through 4): the upgrades pair every entry with its row’s updatedAt (no key, nothing pending) and the index answers at once', async () => {
    const env = { prefix: `v3-names-${Math.random().toString(36).slice(2, 8)}-` };
    const rig = await clientRig({ deps: { db: env } });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const first = await rig.client.loginOnline('li', 'pw-li');
    const tick = () => rig.clock.advance(60_000);
    const ids = await seedHouseholds(first, tick, 4_000, 5, (i) => ['张建国', '王秀英', '张建华', '李四', '张建国'][i]!);
    // Version 3's rows: the index as plain tokens, in text (base64url) as versions 2–4 wrote them.
    const keys = await keysOf(first, 'pw-li');
    const { rows: current, outbox, stored } = await rewriteAsVersion(rig, first, env, 3, (rows) =>
      Promise.all(rows.map(async (r) => ({ ...r, nameKeys: (await version4NameKeys(await open<Fields>(keys.dataKey, r.id, r.sealed), keys.lookupKey, r.updatedAt)).map(([t]) => t) }))),
    );
    const tokens = new Map(current.map((r) => [r.id, r.nameKeys!.map(tokenOf)]));
    expect(stored.every((r: { nameKeys: unknown[] }) => r.nameKeys.every((k) => typeof k === 'string'))).toBe(true);

    const s = await rig.client.unlockOffline('li', 'pw-li');
    expect(s.db.verno).toBe(6);
    expect(await s.db.meta.get('nameIndex')).toBeUndefined(); // nothing to rebuild: no key was needed
    for (const r of await s.db.records.toArray()) {
      expect(r.nameKeys!.map(tokenOf), r.id).toEqual(tokens.get(r.id));
      expect(r.nameKeys!.every((k) => Array.isArray(k) && k[1] === Date.parse(r.updatedAt)), r.id).toBe(true);
    }
    const { lookupKey } = await keysOf(s, 'pw-li');
    // Newest first, straight from the index.
    expect(await nameIndexCandidates(s.db, lookupKey, '张建国')).toEqual([ids[4], ids[0]]);
    expect((await s.households.search({ text: '张建国' }, HOUSEHOLD_PAGE)).items.map((h) => h.id)).toEqual([ids[4], ids[0]]);
    expect((await s.households.list({ text: 'zjg' })).map((h) => h.id)).toEqual([ids[4], ids[0]]);
    expect((await s.db.outbox.toArray()).map((o) => o.seq)).toEqual(outbox.map((o) => o.seq));
    await rig.close();
  });
});
