import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { clientRig } from '../../test/helpers/client-rig';
import { household, idNumberFor } from '../../test/helpers/household-fixtures';
import { keysOf } from '../../test/helpers/keys-of';
import { allPages, seedHouseholds } from '../../test/helpers/named-households';
import { version4NameKeys } from '../../test/helpers/version4-name-keys';
import { open } from '../security/seal';
import { nameToken, nameTokenFromText } from '../security/name-token';
import { dexieOptions } from './db-env';
import { HOUSEHOLD_PAGE } from './household-list';
import { nameIndexCandidates } from './name-index';
import type { Fields } from './record-fields';
import type { DbSession } from './session';
import type { RecordRow } from './user-db';

/**
 * SPEC N1, N8 (Dexie version 5): a name index entry is [the token as a 6-byte integer, updatedAt in ms],
 * and a version 4 database (entries [11-character base64url token, ISO updatedAt]) opens as version 5
 * with the same index and the same search results, converted without the key.
 * Real client (fake-indexeddb) against the real server in process.
 */

const VERSION_4 = {
  records: 'id, entity, eventId, shelterSiteId, checkInAt, syncState, *idHmacs, [id+rev], *nameKeys',
  outbox: '++seq, id, [state+seq]',
  reference: '[entity+id], entity',
  meta: 'key',
  attachments: 'sha256, recordId, uploaded',
};

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

describe('the name index in numbers (SPEC N1, N8, version 5)', () => {
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
    for (const k of row.nameKeys!) expect(Array.isArray(k) && Number.isInteger(k[0]) && k[0] >= 0 && k[0] < 2 ** 48 && k[1] === Date.parse(row.updatedAt)).toBe(true);
    // The stored text of versions 2–4 converts to the same number without the key.
    const [entry] = await version4NameKeys({ head: { name: '建国' } }, lookupKey, row.updatedAt);
    expect(nameTokenFromText(entry![0])).toBe(first6);
    expect(nameTokenFromText('not a token')).toBeNull();
    await rig.close();
  });

  it('[N8][N1] a version 4 database opens as version 5: every entry re-encoded without the key, nothing pending, rows and search results as before', async () => {
    const env = { prefix: `v4-names-${Math.random().toString(36).slice(2, 8)}-` };
    const rig = await clientRig({ deps: { db: env } });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const first = await rig.client.loginOnline('li', 'pw-li');
    await seed(first, () => rig.clock.advance(60_000));
    const keys = await keysOf(first, 'pw-li');
    const before = await results(first, keys.lookupKey);
    const name = first.db.name;
    const rows = await first.db.records.toArray();
    const v4rows = await asVersion4(rows, keys);
    const outbox = await first.db.outbox.toArray();
    const meta = await first.db.meta.toArray();
    rig.client.lock();
    await rig.client.settled();

    await new Dexie(name, dexieOptions(env)).delete();
    const v4 = new Dexie(name, dexieOptions(env));
    v4.version(4).stores(VERSION_4);
    await v4.table('records').bulkPut(v4rows);
    await v4.table('outbox').bulkPut(outbox);
    await v4.table('meta').bulkPut(meta);
    const stored: RecordRow[] = await v4.table('records').toArray();
    expect(stored.every((r) => r.nameKeys!.every((k) => Array.isArray(k) && typeof k[0] === 'string' && k[1] === r.updatedAt))).toBe(true);
    v4.close();

    const s = await rig.client.unlockOffline('li', 'pw-li');
    expect(s.db.verno).toBe(5);
    // Converted in the upgrade, not rebuilt after unlock (the backfill runs only while pending).
    expect(await s.db.meta.get('nameIndex')).toBeUndefined();
    // The rows as this release writes them: the same entries, in the same order, the rest untouched.
    expect(await s.db.records.toArray()).toEqual(rows);
    expect(await results(s, keys.lookupKey)).toEqual(before);
    expect((await s.db.outbox.toArray()).map((o) => o.seq)).toEqual(outbox.map((o) => o.seq));
    await rig.close();
  }, 120_000);

  it('[N8][N5] a version 4 row holding an entry no release wrote loses its entries: the index is pending, the search the decrypted one, and the backfill rebuilds it', async () => {
    const env = { prefix: `v4-bad-${Math.random().toString(36).slice(2, 8)}-` };
    const rig = await clientRig({ deps: { db: env } });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const first = await rig.client.loginOnline('li', 'pw-li');
    await seed(first, () => rig.clock.advance(60_000));
    const keys = await keysOf(first, 'pw-li');
    const before = await results(first, keys.lookupKey);
    const name = first.db.name;
    const rows = await first.db.records.toArray();
    const v4rows = await asVersion4(rows, keys);
    const bad = v4rows.findIndex((r) => r.nameKeys?.length);
    v4rows[bad] = { ...v4rows[bad]!, nameKeys: [...(v4rows[bad]!.nameKeys as [string, string][]), ['短', v4rows[bad]!.updatedAt]] } as never;
    const outbox = await first.db.outbox.toArray();
    const meta = await first.db.meta.toArray();
    rig.client.lock();
    await rig.client.settled();

    await new Dexie(name, dexieOptions(env)).delete();
    const v4 = new Dexie(name, dexieOptions(env));
    v4.version(4).stores(VERSION_4);
    await v4.table('records').bulkPut(v4rows);
    await v4.table('outbox').bulkPut(outbox);
    await v4.table('meta').bulkPut(meta);
    v4.close();

    const s = await rig.client.unlockOffline('li', 'pw-li');
    expect(s.db.verno).toBe(5);
    // While pending the search is the decrypted one; the backfill then gives the row its entries again.
    const { list } = before['建国'] as { list: string[] };
    expect((await s.households.list({ text: '建国' })).map((h) => h.id)).toEqual(list);
    await vi.waitFor(async () => expect(await s.db.meta.get('nameIndex')).toBeUndefined(), { timeout: 15_000 });
    expect(await s.db.records.toArray()).toEqual(rows);
    expect(await results(s, keys.lookupKey)).toEqual(before);
    await rig.close();
  }, 120_000);
});
