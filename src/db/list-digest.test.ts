import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClientRig } from '../../test/helpers/client-rig';
import { allPages } from '../../test/helpers/named-households';
import { decryptedSearch, digestRig as setUp, expectExact, hh, PEOPLE, saveAll } from '../../test/helpers/digest-households';
import { HOUSEHOLD_PAGE } from './household-list';
import { DIGEST_QUIET_MS, DIGEST_RESTORE_AFTER_MS, ListDigest } from './list-digest';
import type { DbSession } from './session';
import { writeRecords } from '../../test/helpers/record-writes';

afterEach(() => vi.restoreAllMocks());

/**
 * A warm-up begun with no search waiting for it (start(): a wide write's pass, as after a first sync's
 * pages): no step yet, the copy read once searches pause, the decrypting steps once writes have paused
 * DIGEST_QUIET_MS, and complete once those timers fired. A digest of its own on the session's timers,
 * fed by no save (the session's is: it would decrypt nothing).
 */
async function completesAfterQuiet(rig: ClientRig, s: DbSession, dataKey: CryptoKey) {
  const digest = new ListDigest(s.db, dataKey, { now: () => rig.clock.now().getTime(), sleep: (ms) => new Promise<void>((r) => void rig.timers.setTimeout(r, ms)) });
  digest.start();
  const settle = () => new Promise((r) => setTimeout(r, 20));
  await settle();
  expect(digest.stats().steps).toBe(0);
  // N11: the sealed copy (none here) is read once lists and searches pause; the decrypting steps wait for DIGEST_QUIET_MS.
  expect(rig.timers.nextDelay()).toBe(DIGEST_RESTORE_AFTER_MS);
  rig.timers.advance(DIGEST_RESTORE_AFTER_MS);
  await settle();
  expect(digest.stats()).toMatchObject({ steps: 0, restored: 0 });
  expect(rig.timers.nextDelay()).toBe(DIGEST_QUIET_MS - DIGEST_RESTORE_AFTER_MS);
  rig.timers.advance(DIGEST_QUIET_MS - DIGEST_RESTORE_AFTER_MS);
  await digest.ready();
  expect(digest.stats()).toMatchObject({ complete: true, households: PEOPLE.length });
  digest.clear();
}

describe('the household list digest (SPEC N10)', () => {
  it('[N10][N4][N7] cold and warm, a search gives exactly the decrypted search in the list’s order; warm, it reads no row and decrypts nothing', async () => {
    const { rig, s, dataKey } = await setUp();
    await saveAll(s, rig);
    await s.surveys.saveDraft({ id: 'survey-0001', caseId: 'case-0001', members: [{ id: 'm1', name: '张建国', idNumber: '3301061985' }] });
    expect(s.listDigest.stats().complete).toBe(false);
    // Cold: the first search waits for the digest (no index answers meanwhile: N1 retired), then it answers all.
    await expectExact(s, dataKey, 'cold');
    expect(s.listDigest.stats().answered).toBeGreaterThan(0);

    await s.listDigest.ready({ now: true });
    expect(s.listDigest.stats()).toMatchObject({ complete: true, households: PEOPLE.length, rows: PEOPLE.length + 1 });
    const decrypt = vi.spyOn(globalThis.crypto.subtle, 'decrypt');
    const get = vi.spyOn(s.db.records, 'get');
    const bulkGet = vi.spyOn(s.db.records, 'bulkGet');
    const page = await s.households.search({ text: 'zjg' }, HOUSEHOLD_PAGE);
    expect(page.items.map((h) => h.headName)).toEqual(['张建国']);
    expect(await s.households.search({ text: '张' }, HOUSEHOLD_PAGE)).toEqual({ items: await decryptedSearch(s, dataKey, '张'), more: false });
    decrypt.mockClear();
    const before = s.listDigest.stats().answered;
    await s.households.search({ text: '秀英' }, HOUSEHOLD_PAGE);
    await s.households.list({ text: '3301' });
    expect(s.listDigest.stats().answered).toBe(before + 2);
    expect(decrypt).not.toHaveBeenCalled();
    expect(get).not.toHaveBeenCalled();
    expect(bulkGet).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    await expectExact(s, dataKey, 'warm');
  });

  it('[N10][N4] writes between searches keep it exact: saves, an edit, another entity and event, a pull, deletes one by one and in a range', async () => {
    const { rig, s, dataKey } = await setUp();
    const ids = await saveAll(s, rig);
    await s.listDigest.ready({ now: true });

    // A save of a new household, an edit that renames a head (its rev changes), a household of another event.
    rig.clock.advance(60_000);
    await s.households.save(hh(800, PEOPLE[0]!));
    rig.clock.advance(60_000);
    const edited = await s.households.get(ids[1]!);
    await s.households.save({ ...edited!, head: { ...edited!.head, name: '赵建国' } });
    rig.clock.advance(60_000);
    await s.households.save(hh(801, { ...PEOPLE[2]!, name: '张建设' }));
    // Another entity naming the same people: never listed.
    await s.surveys.saveDraft({ id: 'survey-0002', caseId: 'case-0002', members: [{ id: 'm1', name: '张建国', idNumber: '3301061985' }] });
    await expectExact(s, dataKey, 'after saves');
    expect(s.listDigest.stats().complete).toBe(true);

    // A pull: households another tablet of the same worker pushed.
    await s.sync.syncNow();
    const other = rig.anotherTablet();
    const o = await other.loginOnline('li', 'pw-li');
    rig.clock.advance(60_000);
    await o.households.save(hh(900, { ...PEOPLE[3]!, name: '张建平' }));
    await o.households.save(hh(901, PEOPLE[5]!));
    await o.sync.syncNow();
    await s.sync.syncNow();
    expect(await s.db.records.count()).toBeGreaterThanOrEqual(PEOPLE.length + 5);
    await expectExact(s, dataKey, 'after a pull');

    // Deletes: one row (as a purge removes it), then a range (a wide write: compared again before it answers).
    await writeRecords(s.db, () => s.db.records.delete(ids[0]!));
    await expectExact(s, dataKey, 'after a delete');
    await writeRecords(s.db, () => s.db.records.where('entity').equals('household').and((r) => r.eventId === 'event-0002').delete());
    await expectExact(s, dataKey, 'after a range delete (cold again)');
    await s.listDigest.ready({ now: true });
    expect(s.listDigest.stats()).toMatchObject({ complete: true, households: (await s.db.records.where('entity').equals('household').count()) });
    await expectExact(s, dataKey, 'warm again');
  });

  it('[N10] a row rewritten while the digest warms up is read at its new rev', async () => {
    const { rig, s, dataKey } = await setUp();
    const ids = await saveAll(s, rig);
    const edited = await s.households.get(ids[0]!);
    const warming = s.listDigest.ready({ now: true });
    rig.clock.advance(60_000);
    await s.households.save({ ...edited!, head: { ...edited!.head, name: '钱建国' }, origin: { village: '桃花村' } });
    await warming;
    rig.clock.advance(60_000);
    const again = await s.households.get(ids[2]!);
    const second = s.households.save({ ...again!, members: [] , membersCount: 1 });
    await expectExact(s, dataKey, 'during the warm-up');
    await second;
    await expectExact(s, dataKey, 'after it');
    expect(await s.households.list({ text: '钱建' })).toHaveLength(1);
    expect(await s.households.list({ text: '柳树' })).toEqual(await decryptedSearch(s, dataKey, '柳树'));
    expect(s.listDigest.stats().complete).toBe(true);
  });

  it('[N10] lock clears it; the next unlock starts cold, and its first list waits for the digest and is answered by it', async () => {
    const { rig, s, dataKey } = await setUp();
    await saveAll(s, rig);
    await s.listDigest.ready({ now: true });
    expect(s.listDigest.stats().households).toBe(PEOPLE.length);
    rig.client.lock();
    await rig.client.settled();
    expect(s.listDigest.stats()).toMatchObject({ complete: false, households: 0, rows: 0 });
    const back = await rig.client.unlockOffline('li', 'pw-li');
    expect(back.listDigest.stats()).toMatchObject({ complete: false, households: 0 });
    // The first list after unlock waits for the digest (built from the rows: no copy was written).
    expect(await back.households.list({ text: '' })).toEqual(await decryptedSearch(back, dataKey, ''));
    expect(back.listDigest.stats()).toMatchObject({ complete: true, answered: 1, decrypted: PEOPLE.length });
    await expectExact(back, dataKey, 'cold after unlock');
    await back.listDigest.ready({ now: true });
    await expectExact(back, dataKey, 'warm after unlock');
    expect(back.listDigest.stats().answered).toBeGreaterThan(0);
  });

  it('[N10] unlock alone starts no warm-up and sets no timer: the first list starts it, waits for it without a pause (no timer fires) and is answered by it', async () => {
    const { rig, s, dataKey } = await setUp();
    await saveAll(s, rig);
    const settle = () => new Promise((r) => setTimeout(r, 20));
    rig.timers.advance(10 * DIGEST_QUIET_MS);
    await settle();
    // The sync engine's tests read the session's next timer: a warm-up waiting at unlock showed there as 1,500 ms.
    expect(rig.timers.nextDelay()).toBeNull();
    expect(s.listDigest.stats()).toMatchObject({ steps: 0, rowsRead: 0, complete: false });
    // The manual timers never fire here: a search waiting for the digest waits for no pause.
    expect(await s.households.list({ text: '' })).toEqual(await decryptedSearch(s, dataKey, ''));
    expect(s.listDigest.stats()).toMatchObject({ complete: true, answered: 1 });
    // After a cold unlock (no copy written, nothing fed): the same, every household decrypted while the search waits.
    rig.client.lock();
    await rig.client.settled();
    const back = await rig.client.unlockOffline('li', 'pw-li');
    expect(await back.households.search({ text: '张' }, HOUSEHOLD_PAGE)).toEqual({ items: await decryptedSearch(back, dataKey, '张'), more: false });
    expect(back.listDigest.stats()).toMatchObject({ complete: true, answered: 1, decrypted: PEOPLE.length });
  });

  it('[N10] a warm-up no search waits for waits until record writes have paused DIGEST_QUIET_MS (the session’s clock), then completes by itself', async () => {
    const { rig, s, dataKey } = await setUp();
    await saveAll(s, rig);
    await completesAfterQuiet(rig, s, dataKey);
  });

  it('[N10] the warm-up does not start while a sync runs (a first sync’s pages commit seconds apart), only after it', async () => {
    const { rig, s, dataKey } = await setUp();
    await saveAll(s, rig);
    let t = 0;
    let syncing = true;
    const sleeping: (() => void)[] = [];
    const digest = new ListDigest(s.db, dataKey, { now: () => t, sleep: () => new Promise<void>((r) => sleeping.push(r)), syncing: () => syncing });
    const settle = () => new Promise((r) => setTimeout(r, 20));
    digest.start();
    for (let i = 0; i < 3; i++) {
      t += 10 * DIGEST_QUIET_MS; // long after the last write, but the sync still runs
      await settle();
      for (const wake of sleeping.splice(0)) wake();
    }
    await settle();
    expect(digest.stats().steps).toBe(0);
    syncing = false;
    for (const wake of sleeping.splice(0)) wake();
    await digest.ready();
    expect(digest.stats()).toMatchObject({ complete: true, households: PEOPLE.length });
    digest.clear();
  });
});

describe('the household list digest (SPEC N10): rows it cannot open', () => {
  /** Fails crypto.subtle.decrypt for the record `id` (its aad) `times` times, then decrypts as usual. */
  function failOpening(id: string, times: number) {
    const subtle = globalThis.crypto.subtle;
    const real = subtle.decrypt.bind(subtle);
    let left = times;
    vi.spyOn(subtle, 'decrypt').mockImplementation((algorithm, key, data) => {
      const aad = (algorithm as AesGcmParams).additionalData;
      if (left > 0 && aad && new TextDecoder().decode(aad as Uint8Array) === id) {
        left--;
        return Promise.reject(new DOMException('made to fail', 'OperationError'));
      }
      return real(algorithm, key, data);
    });
    return { failuresLeft: () => left };
  }

  it('[N10][N4] a household that failed to open during the warm-up is opened again at the next answer', async () => {
    const { rig, s: first, dataKey } = await setUp();
    const ids = await saveAll(first, rig);
    // Unlocked again: the saves fed the first session's digest, this one reads the rows.
    rig.client.lock();
    await rig.client.settled();
    const s = await rig.client.unlockOffline('li', 'pw-li');
    const failing = failOpening(ids[2]!, 1);
    await s.listDigest.ready({ now: true });
    expect(failing.failuresLeft()).toBe(0); // the warm-up met the failure
    const before = s.listDigest.stats().answered;
    // 欧阳建华 (ids[2]) failed once: it must be listed now, by the digest.
    expect((await s.households.list({ text: '欧阳' })).map((h) => h.headName)).toEqual(['欧阳建华']);
    expect(s.listDigest.stats().answered).toBe(before + 1);
    await expectExact(s, dataKey, 'after a failed open');
    expect(s.listDigest.stats()).toMatchObject({ complete: true, households: PEOPLE.length });
  });

  it('[N10][N4] a household that never opens (tampered) is never listed, and the digest still answers the others', async () => {
    const { rig, s, dataKey } = await setUp();
    const ids = await saveAll(s, rig);
    const row = (await s.db.records.get(ids[1]!))!;
    const ct = new Uint8Array(row.sealed.ct);
    ct[0] = ct[0]! ^ 0xff;
    await writeRecords(s.db, () => s.db.records.put({ ...row, rev: row.rev + 1, sealed: { iv: row.sealed.iv, ct } })); // written as any writer does: its rev moves
    await s.listDigest.ready({ now: true });
    const before = s.listDigest.stats().answered;
    expect(await s.households.list({ text: '王秀英' })).toEqual([]);
    const all = await s.households.list({ text: '' });
    expect(all.map((h) => h.id).sort()).toEqual(ids.filter((id) => id !== ids[1]).sort());
    expect(s.listDigest.stats().answered).toBe(before + 2);
  });
});

describe('the household list digest (SPEC N10): a page checks only as far as it needs', () => {
  it('[N10][N7] a page of a query matching many households checks the page and one more, not every match; its answer is the decrypted search’s', async () => {
    const { rig, s, dataKey } = await setUp();
    for (let i = 0; i < 60; i++) {
      rig.clock.advance(60_000);
      await s.households.save(hh(1000 + i, { ...PEOPLE[0]!, name: `张${'一二三四五六七八九十'[i % 10]}${i}` }));
    }
    await s.listDigest.ready({ now: true });
    await s.households.list({ text: '' }); // the snapshot is built; nothing changed since
    const want = await decryptedSearch(s, dataKey, '张');
    expect(want).toHaveLength(60);
    const before = s.listDigest.stats().checked;
    expect(await s.households.search({ text: '张' }, 5)).toEqual({ items: want.slice(0, 5), more: true });
    expect(s.listDigest.stats().checked - before).toBe(6);
    // A household changed since the snapshot still takes its place in the order.
    rig.clock.advance(60_000);
    const older = want[want.length - 1]!;
    const edited = await s.households.get(older.id);
    await s.households.save({ ...edited!, origin: { village: '新村' } });
    const now = await decryptedSearch(s, dataKey, '张');
    expect(now[0]!.id).toBe(older.id);
    expect(await s.households.search({ text: '张' }, 5)).toEqual({ items: now.slice(0, 5), more: true });
    expect(await allPages(s, '张')).toEqual(now);
  });
});
