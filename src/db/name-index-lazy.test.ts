import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientRig } from '../../test/helpers/client-rig';
import { household, idNumberFor } from '../../test/helpers/household-fixtures';
import { keysOf } from '../../test/helpers/keys-of';
import { allPages, seedHouseholds } from '../../test/helpers/named-households';
import { version4NameKeys } from '../../test/helpers/version4-name-keys';
import { open } from '../security/seal';
import { nameToken, nameTokenFromText, nameTokenTextPrefix } from '../security/name-token';
import { HOUSEHOLD_PAGE } from './household-list';
import { recordRowPuts, recordRowWrites } from '../../test/helpers/db-spies';
import { rewriteAsVersion } from '../../test/helpers/older-release-db';
import { nameIndexCandidates } from './name-index';
import { convertNameIndexText } from './name-index-numbers';
import { tokenOf } from './name-key-order';
import { saveRecord } from './save-record';
import type { Fields } from './record-fields';
import type { DbSession } from './session';
import { UserDb, type RecordRow } from './user-db';

/**
 * SPEC N1, N8, N9 (Dexie version 5): a name index entry is [the token as a 6-byte integer, updatedAt in
 * ms], and a version 4 database (entries [11-character base64url token, ISO updatedAt]) opens as version 5
 * writing no row: its entries become numbers after unlock, in the background and without the key, and
 * the search gives the same results before, during and after. Real client (fake-indexeddb) against the
 * real server in process.
 */

const QUERIES = ['张建国', '建国', '孙建', 'zjg', 'sjg', 'jg', '柳树', '秀英', '张'];

/** What a search shows for each query: the index's candidates, the list, the first page and every page. */
async function results(s: DbSession, lookupKey: CryptoKey) {
  const out: Record<string, unknown> = {};
  for (const q of QUERIES) {
    out[q] = {
      candidates: await nameIndexCandidates(s.db, lookupKey, q),
      list: (await s.households.list({ text: q })).map((h) => h.id),
      page: await s.households.search({ text: q }, HOUSEHOLD_PAGE),
      pages: (await allPages(s, q)).map((h) => h.id),
    };
  }
  return out;
}

/** Households under one instant (ties, ordered by id) and a minute apart, sharing pieces, some with a village and members. */
async function seed(s: DbSession, tick: () => void): Promise<void> {
  await seedHouseholds(s, () => undefined, 6_000, 8, (i) => (i % 2 ? '张建国' : '孙建国'));
  await seedHouseholds(s, tick, 6_100, 60, (i) => ['张建国', '孙建华', '刘建国', '张建'][i % 4]!, (i) => (i % 3 ? '李秀英' : '王建国'));
  tick();
  await s.households.save(household({ n: 6_200, head: { name: '赵杰', idNumber: idNumberFor(6_200) }, origin: { village: '柳树湾' } }));
}

/** The session's rows as version 4 stored them: each entry [base64url token, ISO updatedAt]. */
async function asVersion4(rows: RecordRow[], keys: { dataKey: CryptoKey; lookupKey: CryptoKey }) {
  return Promise.all(
    rows.map(async (r) => (Array.isArray(r.nameKeys) ? { ...r, nameKeys: await version4NameKeys(await open<Fields>(keys.dataKey, r.id, r.sealed), keys.lookupKey, r.updatedAt) } : r)),
  );
}

/** The decrypted search's list for each query (N4: what the index must give): the index set aside as pending. */
async function decryptedLists(s: DbSession) {
  await s.db.meta.put({ key: 'nameIndex', value: 'pending' });
  const out: Record<string, string[]> = {};
  for (const q of QUERIES) out[q] = (await s.households.list({ text: q })).map((h) => h.id);
  await s.db.meta.delete('nameIndex');
  return out;
}

/** Every candidate list of the index, read on the database itself (no session: nothing converts meanwhile). */
async function candidates(db: UserDb, lookupKey: CryptoKey) {
  const out: Record<string, string[] | null> = {};
  for (const q of QUERIES) out[q] = await nameIndexCandidates(db, lookupKey, q);
  return out;
}

const isText = (r: RecordRow) => r.nameKeys!.some((k) => typeof tokenOf(k) === 'string');
const isNumbers = (r: RecordRow) => r.nameKeys!.every((k) => Array.isArray(k) && typeof k[0] === 'number' && k[1] === Date.parse(r.updatedAt));

/**
 * A session's households, then its database rebuilt as version 4 held it (entries in text, `edit` may
 * change the rows first), with what the search gave before. The rig's client is locked. `addons` watch
 * the tablet's database throughout (every Dexie opened on it).
 */
async function version4Tablet(label: string, edit: (rows: RecordRow[]) => RecordRow[] = (r) => r, pending = false, addons: ((db: Dexie) => void)[] = []) {
  const env = { prefix: `${label}-${Math.random().toString(36).slice(2, 8)}-`, ...(addons.length > 0 ? { addons } : {}) };
  const rig = await clientRig({ deps: { db: env } });
  await rig.server.addUser({ username: 'li', password: 'pw-li' });
  const first = await rig.client.loginOnline('li', 'pw-li');
  await seed(first, () => rig.clock.advance(60_000));
  const keys = await keysOf(first, 'pw-li');
  const before = await results(first, keys.lookupKey);
  const decrypted = await decryptedLists(first);
  let v4rows: RecordRow[] = [];
  const { name, rows, stored } = await rewriteAsVersion(rig, first, env, 4, async (r) => (v4rows = edit(await asVersion4(r, keys))), pending ? [{ key: 'nameIndex', value: 'pending' }] : []);
  expect(stored.every((r) => (r.nameKeys ?? []).every((k) => Array.isArray(k) && typeof k[0] === 'string' && k[1] === r.updatedAt))).toBe(true);
  return { rig, env, name, keys, before, decrypted, rows, v4rows };
}

afterEach(() => vi.restoreAllMocks());

describe('the name index in numbers, converted lazily (SPEC N1, N8, N9; version 5)', () => {
  it('[N1][N8] each entry is [the first 6 bytes of the piece’s HMAC as an integer, the row’s updatedAt in ms]', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const [id] = await seedHouseholds(s, () => undefined, 6_300, 1, () => '张建国');
    const row = (await s.db.records.get(id!))!;
    const { lookupKey } = await keysOf(s, 'pw-li');
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', lookupKey, new TextEncoder().encode('n2:建国')));
    const first6 = mac.slice(0, 6).reduce((v, b) => v * 256 + b, 0);
    expect(await nameToken(lookupKey, '建国')).toBe(first6);
    expect(row.nameKeys).toContainEqual([first6, Date.parse(row.updatedAt)]);
    for (const k of row.nameKeys!) expect(Array.isArray(k) && Number.isInteger(k[0]) && (k[0] as number) >= 0 && (k[0] as number) < 2 ** 48 && k[1] === Date.parse(row.updatedAt)).toBe(true);
    // The stored text of versions 2–4 converts to the same number without the key, and starts with the number's prefix (N9).
    const [entry] = await version4NameKeys({ head: { name: '建国' } }, lookupKey, row.updatedAt);
    expect(nameTokenFromText(entry![0])).toBe(first6);
    expect(entry![0].startsWith(nameTokenTextPrefix(first6))).toBe(true);
    expect(nameTokenTextPrefix(first6)).toHaveLength(8);
    expect(nameTokenFromText('not a token')).toBeNull();
    await rig.close();
  });

  it('[N9][N8] a version 4 database opens as version 5 writing no row; the search is the decrypted one before, half-way through and after the conversion, which leaves no text entry', async () => {
    const { rig, env, name, keys, before, decrypted, rows, v4rows } = await version4Tablet('v4-lazy');
    for (const q of QUERIES) expect((before[q] as { list: string[] }).list, q).toEqual(decrypted[q]);

    // Opening as version 5: not one row written, every row as version 4 left it, the conversion noted.
    const writes = recordRowWrites();
    const db = new UserDb(name, { ...env, addons: [writes.addon] });
    await db.open();
    expect(db.verno).toBe(6);
    expect(writes.count()).toBe(0);
    expect(await db.records.toArray()).toEqual(v4rows);
    expect(await db.meta.get('nameIndex')).toEqual({ key: 'nameIndex', value: 'converting' });
    const want = Object.fromEntries(QUERIES.map((q) => [q, (before[q] as { candidates: string[] | null }).candidates]));
    expect(await candidates(db, keys.lookupKey)).toEqual(want);

    // Half-way: one step of the conversion, some rows in numbers and the rest in text; the same candidates.
    let steps = 0;
    const converted = await convertNameIndexText(db, () => steps++ >= 1, { entries: 20 });
    expect(writes.count()).toBe(converted);
    const half = await db.records.toArray();
    expect(half.filter(isNumbers).length).toBe(converted);
    expect(half.filter(isText).length).toBe(rows.length - converted);
    expect(converted).toBeGreaterThan(0);
    expect(converted).toBeLessThan(rows.length);
    expect(await candidates(db, keys.lookupKey)).toEqual(want);
    db.close();

    // After unlock the rest is converted in the background, and every result is as before.
    const s = await rig.client.unlockOffline('li', 'pw-li');
    expect(s.db.verno).toBe(6);
    await vi.waitFor(async () => expect(await s.db.meta.get('nameIndex')).toBeUndefined(), { timeout: 15_000 });
    const after = await s.db.records.toArray();
    expect(after.every(isNumbers)).toBe(true);
    expect(after).toEqual(rows); // the rows this release writes, entries in the same order, the rest untouched
    expect(await s.db.meta.get('nameIndex')).toBeUndefined(); // nothing pending: no key was needed
    expect(await results(s, keys.lookupKey)).toEqual(before);
    await rig.close();
  }, 120_000);

  it('[N9][O5] saves made while the conversion runs are kept: it never writes over a newer row, and its rows end in numbers', async () => {
    const { rig, keys, rows } = await version4Tablet('v4-saves');
    const s = await rig.client.unlockOffline('li', 'pw-li'); // the conversion starts here, in the background
    // Renamed at once, among the rows it converts: each save reads its row and writes it in its own transaction.
    const renamed = rows.filter((_, i) => i % 7 === 3).map((r) => r.id);
    await Promise.all(
      renamed.map(async (id) => {
        const hh = (await s.households.get(id))!;
        await s.households.save({ ...hh, head: { ...hh.head, name: '欧阳修' } });
      }),
    );
    await vi.waitFor(async () => expect(await s.db.meta.get('nameIndex')).toBeUndefined(), { timeout: 15_000 });
    const after = await s.db.records.toArray();
    expect(after.every(isNumbers)).toBe(true);
    for (const id of renamed) {
      const row = after.find((r) => r.id === id)!;
      expect(row.rev, id).toBe(rows.find((r) => r.id === id)!.rev + 1);
      expect((await open<{ head: { name: string } }>(keys.dataKey, id, row.sealed)).head.name).toBe('欧阳修');
    }
    const { lookupKey } = await keysOf(s, 'pw-li');
    expect(new Set(await nameIndexCandidates(s.db, lookupKey, '欧阳'))).toEqual(new Set(renamed));
    expect((await s.households.list({ text: '欧阳修' })).map((h) => h.id).sort()).toEqual([...renamed].sort());
    for (const q of ['张建国', '孙建国', '刘建国']) expect((await s.households.list({ text: q })).some((h) => renamed.includes(h.id)), q).toBe(false);
    await rig.close();
  }, 120_000);

  it('[N9][O5] a save made while a step of the conversion runs waits for that step only: no step begins before the save is written', async () => {
    const { rig, env, name, keys, rows } = await version4Tablet('v4-wait');
    const target = rows.find((r) => r.entity === 'household' && Array.isArray(r.nameKeys))!;
    const fields = await open<Fields>(keys.dataKey, target.id, target.sealed);
    const order: string[] = [];
    let saving: Promise<unknown> | null = null;
    let db: UserDb | null = null;
    const puts = recordRowPuts((written) => {
      if (written.some((r) => r.id === target.id && r.rev === target.rev + 1)) {
        order.push('save');
        return;
      }
      order.push('step');
      // The conversion's first step is writing: the worker saves now (outside the step's transaction).
      saving ??= Dexie.ignoreTransaction(() =>
        saveRecord({ db: db!, keys, now: () => new Date(Date.parse(target.updatedAt) + 60_000), newId: () => 'unused' }, 'household', { ...fields, notes: '二次核实' }),
      );
    });
    db = new UserDb(name, { ...env, addons: [puts] });
    await db.open();
    const converted = await convertNameIndexText(db, () => false, { entries: 20 });
    expect(await saving).toEqual({ id: target.id, changed: true });
    expect(converted).toBeGreaterThan(rows.length / 2);
    // The save read its row behind the step that was running, and wrote before the next one began.
    expect(order.slice(0, 2)).toEqual(['step', 'save']);
    expect(order.filter((o) => o === 'step').length).toBeGreaterThan(2);
    expect((await db.records.toArray()).every(isNumbers)).toBe(true);
    expect((await open<Fields>(keys.dataKey, target.id, (await db.records.get(target.id))!.sealed)).notes).toBe('二次核实');
    db.close();
    await rig.close();
  }, 120_000);

  it('[N9][N7] a search made while a step of the conversion runs waits for that step only: no step begins before its page is read', async () => {
    const order: string[] = [];
    let onStep = () => undefined as void;
    const { rig, before } = await version4Tablet('v4-search', undefined, false, [recordRowPuts(() => onStep())]);
    let s: DbSession | undefined;
    let searching: Promise<unknown> | undefined;
    onStep = () => {
      order.push('step');
      if (!s || searching) return;
      // A step is writing: the worker searches now (outside the step's transaction).
      order.push('search begun');
      searching = Dexie.ignoreTransaction(() => s!.households.search({ text: '张建国' }, HOUSEHOLD_PAGE)).then((page) => {
        order.push('search');
        return page;
      });
    };
    s = await rig.client.unlockOffline('li', 'pw-li'); // the conversion starts here, in the background
    await vi.waitFor(async () => expect(await s!.db.meta.get('nameIndex')).toBeUndefined(), { timeout: 15_000 });
    expect(await searching).toEqual((before['张建国'] as { page: unknown }).page);
    // The search read the index behind the step that was running, and its page before the next one began.
    const at = order.indexOf('search begun');
    expect(order.slice(at - 1, at + 3)).toEqual(['step', 'search begun', 'search', 'step']);
    await rig.close();
  }, 120_000);

  it('[N9] the conversion rests after each step as long as the step took (injected time), and ends with every row in numbers', async () => {
    const { rig, env, name } = await version4Tablet('v4-pace');
    let steps = 0;
    const db = new UserDb(name, { ...env, addons: [recordRowPuts(() => steps++)] });
    await db.open();
    let ms = 0;
    const rests: [number, number][] = [];
    // Each step takes 7 ms on this clock (read once before it and once after).
    const pace = { now: () => (ms += 7) / 2, rest: async (d: number) => void rests.push([d, steps]) };
    await convertNameIndexText(db, () => false, { entries: 20, pace });
    expect(steps).toBeGreaterThan(2);
    // One rest after every step that wrote, before the next one began; none after the last (it wrote nothing).
    expect(rests).toEqual(Array.from({ length: steps }, (_, i) => [3.5, i + 1]));
    expect((await db.records.toArray()).every(isNumbers)).toBe(true);
    db.close();
    await rig.close();
  }, 120_000);

  it('[N9][N5] a version 4 row holding an entry no release wrote loses its entries in the conversion: the index is pending, the search the decrypted one, and the backfill rebuilds it', async () => {
    const { rig, keys, before, rows } = await version4Tablet('v4-bad', (v4rows) => {
      const bad = v4rows.findIndex((r) => r.nameKeys?.length);
      v4rows[bad] = { ...v4rows[bad]!, nameKeys: [...(v4rows[bad]!.nameKeys as [string, string][]), ['短', v4rows[bad]!.updatedAt]] };
      return v4rows;
    });
    const s = await rig.client.unlockOffline('li', 'pw-li');
    expect(s.db.verno).toBe(6);
    const { list } = before['建国'] as { list: string[] };
    expect((await s.households.list({ text: '建国' })).map((h) => h.id)).toEqual(list);
    await vi.waitFor(async () => expect(await s.db.meta.get('nameIndex')).toBeUndefined(), { timeout: 15_000 });
    await vi.waitFor(async () => expect(await s.db.meta.get('nameIndex')).toBeUndefined(), { timeout: 15_000 });
    expect(await s.db.records.toArray()).toEqual(rows);
    expect(await results(s, keys.lookupKey)).toEqual(before);
    await rig.close();
  }, 120_000);

  it('[N9][N5] a version 4 database whose index is pending (rows without entries beside rows in text) stays pending at version 5: the search is the decrypted one until the conversion and then the backfill are done', async () => {
    const { rig, env, name, keys, before, rows } = await version4Tablet(
      'v4-pending',
      (v4rows) => v4rows.map((r, i) => (i % 5 === 0 ? { ...r, nameKeys: undefined } : r)),
      true,
    );
    const db = new UserDb(name, env);
    await db.open();
    expect(db.verno).toBe(6);
    expect(await db.meta.get('nameIndex')).toEqual({ key: 'nameIndex', value: 'pending' });
    expect(await nameIndexCandidates(db, keys.lookupKey, '建国')).toBeNull();
    db.close();
    const s = await rig.client.unlockOffline('li', 'pw-li');
    const { list } = before['建国'] as { list: string[] };
    expect((await s.households.list({ text: '建国' })).map((h) => h.id)).toEqual(list);
    await vi.waitFor(async () => expect(await s.db.meta.get('nameIndex')).toBeUndefined(), { timeout: 15_000 });
    const after = await s.db.records.toArray();
    expect(after.every(isNumbers)).toBe(true);
    expect(after).toEqual(rows);
    expect(await results(s, keys.lookupKey)).toEqual(before);
    await rig.close();
  }, 120_000);
});
