import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectExact, PEOPLE, saveAll } from '../../test/helpers/digest-households';
import { relock, savedCopy } from '../../test/helpers/digest-copy';
import { openBytes, seal, sealBytes, type Sealed } from '../security/seal';
import { DIGEST_PARTS, openPart, partOf, readCopy, readParts, type PartEntry } from './digest-parts';
import { rowsParsed } from './digest-rows';
import type { UserDb } from './user-db';
import { byUpdatedDesc } from './household-list';

/**
 * SPEC N11: how the first pass after unlock reads the sealed copy (issue 18: the first search after
 * unlock waits for it). Each part is its own request, opened as it arrives and handed over at once,
 * never decrypted inside the reading transaction; the parts are sealed in N7's order, so the snapshot
 * merges ordered runs. The answers stay exactly a cold build's.
 */

afterEach(() => vi.restoreAllMocks());

/** `bytes` through a (de)compression stream (raw deflate), read whole. */
async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  void writer.write(bytes as Uint8Array<ArrayBuffer>);
  void writer.close();
  const chunks: number[] = [];
  const reader = stream.readable.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(...r.value);
  return Uint8Array.from(chunks);
}
const inflate = (bytes: Uint8Array) => through(bytes, new DecompressionStream('deflate-raw'));
const deflate = (bytes: Uint8Array) => through(bytes, new CompressionStream('deflate-raw'));

/** Each stored part's inflated plaintext's first byte: 2 for format 2 (columns), `{` for format 1 (one JSON). */
async function formatBytes(db: UserDb, dataKey: CryptoKey): Promise<number[]> {
  const rows = (await db.digest.where('part').aboveOrEqual(0).toArray()) as { part: number; sealed: Sealed }[];
  return Promise.all(rows.map(async (r) => (await inflate((await openBytes(dataKey, `digest:${r.part}`, r.sealed)).subarray(1)))[0]!));
}

async function partsOnDisk(db: UserDb, dataKey: CryptoKey) {
  const rows = (await db.digest.where('part').aboveOrEqual(0).toArray()) as { part: number; sealed: Sealed }[];
  return Promise.all(rows.map(async (r) => ({ part: r.part, content: (await openPart(dataKey, r.part, r.sealed))! })));
}

describe('the sealed copy’s restore (SPEC N11, issue 18)', () => {
  it('[N11][N7] each part holds its entries in N7’s order, the households first: the restored snapshot merges ordered runs', async () => {
    const { rig, s, dataKey } = await savedCopy('digest-restore');
    // Saved one after another (updatedAt rising): parts holding several households, each in N7's order.
    for (const from of [710, 720, 730, 740, 750, 760, 770, 780]) await saveAll(s, rig, from);
    await s.listDigest.saved();
    const parts = await partsOnDisk(s.db, dataKey);
    expect(parts.some(({ content }) => content.entries.filter((e) => e[2] !== null).length >= 3)).toBe(true);
    for (const { part, content } of parts) {
      const households = content.entries.filter((e) => e[2] !== null);
      const sorted = [...households].sort((a, b) => byUpdatedDesc(a[2]!.item, b[2]!.item));
      expect(content.entries.slice(0, households.length).map((e) => e[0]), `part ${part}`).toEqual(sorted.map((e) => e[0]));
    }
    await expectExact(s, dataKey, 'many households');
    await rig.close();
  });

  it('[N11] readCopy hands each part’s entries over as it is opened, one part at a time, and decrypts nothing inside the reading transaction', async () => {
    const { rig, s, dataKey } = await savedCopy('digest-restore');
    const subtle = globalThis.crypto.subtle;
    const decrypt = subtle.decrypt.bind(subtle);
    const inTransaction: boolean[] = [];
    vi.spyOn(subtle, 'decrypt').mockImplementation((algorithm, key, data) => {
      inTransaction.push(Dexie.currentTransaction !== null);
      return decrypt(algorithm, key, data);
    });
    const handed: PartEntry[][] = [];
    const copy = await readCopy(s.db, dataKey, (entries) => handed.push(entries));
    const stored = await s.db.digest.where('part').between(0, DIGEST_PARTS, true, false).count();
    expect(inTransaction).toHaveLength(stored);
    expect(inTransaction.every((t) => !t)).toBe(true);
    expect(handed).toHaveLength(stored);
    for (const entries of handed) expect(new Set(entries.map(([id]) => partOf(id))).size).toBe(1);
    expect(handed.flat().map(([id]) => id).sort()).toEqual((await s.db.records.toCollection().primaryKeys()).sort());
    expect(copy.toRead).toEqual([]); // the log is whole and empty: nothing to read
    await rig.close();
  });

  it('[N11][N10] a read that fails hands over no part afterwards: the comparison that follows is not joined by entries it already dropped', async () => {
    const { rig, s, dataKey } = await savedCopy('digest-restore');
    // The log's read fails once the parts have been read, while they are being decrypted (slowed here).
    const subtle = globalThis.crypto.subtle;
    const decrypt = subtle.decrypt.bind(subtle);
    vi.spyOn(subtle, 'decrypt').mockImplementation(async (algorithm, key, data) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return decrypt(algorithm, key, data);
    });
    vi.spyOn(s.db.meta, 'get').mockImplementationOnce((() => new Promise((_, reject) => setTimeout(() => reject(new Error('the log cannot be read')), 50))) as never);
    const handed: PartEntry[][] = [];
    await expect(readCopy(s.db, dataKey, (entries) => handed.push(entries))).rejects.toThrow();
    const atFailure = handed.length; // parts opened before the failure: exact at their revs (the comparison checks them)
    await new Promise((resolve) => setTimeout(resolve, 400)); // every part read has opened by now
    expect(handed).toHaveLength(atFailure);
    await rig.close();
  });

  it('[N11] a row past the last part (another format’s) is deleted at the restore, as a part that does not open, and the answers are exact', async () => {
    const { rig, s, dataKey, env } = await savedCopy('digest-restore');
    const back = await relock(rig, s, env, async (db) => {
      const stray = await seal(dataKey, `digest:${DIGEST_PARTS + 3}`, { format: 1, parts: DIGEST_PARTS + 8, entries: [] });
      await db.digest.put({ part: DIGEST_PARTS + 3, sealed: stray });
    });
    expect(await back.db.digest.get(DIGEST_PARTS + 3)).toBeUndefined();
    expect(back.listDigest.stats()).toMatchObject({ complete: true, restored: PEOPLE.length + 1, decrypted: 0 });
    await expectExact(back, dataKey, 'a stray part');
    await rig.close();
  });

  it('[N11] a part’s plaintext is its JSON deflated; a part sealed as plain JSON (before) is restored, not decrypted again, and written again deflated', async () => {
    const { rig, s, dataKey, env } = await savedCopy('digest-restore');
    const rows = (await s.db.digest.where('part').aboveOrEqual(0).toArray()) as { part: number; sealed: Sealed }[];
    for (const r of rows) expect((await openBytes(dataKey, `digest:${r.part}`, r.sealed))[0], `part ${r.part}`).toBe(0);
    const before = (await readParts(s.db, dataKey)).map(([id]) => id).sort();
    const back = await relock(rig, s, env, async (db) => {
      // Every part sealed again as plain JSON, as the parts were before they were deflated.
      for (const r of rows) {
        const content = (await openPart(dataKey, r.part, r.sealed))!;
        await db.digest.put({ part: r.part, sealed: await seal(dataKey, `digest:${r.part}`, content) });
      }
    });
    expect(back.listDigest.stats()).toMatchObject({ complete: true, restored: PEOPLE.length + 1, decrypted: 0, partsDirty: rows.length });
    await expectExact(back, dataKey, 'plain parts');
    await back.listDigest.saved();
    const again = (await back.db.digest.where('part').aboveOrEqual(0).toArray()) as { part: number; sealed: Sealed }[];
    for (const r of again) expect((await openBytes(dataKey, `digest:${r.part}`, r.sealed))[0], `part ${r.part}`).toBe(0);
    expect((await readParts(back.db, dataKey)).map(([id]) => id).sort()).toEqual(before);
    await rig.close();
  });

  it('[N11][N10] the restore’s time is split in stats (read, open, parse, map; the snapshot): the bench reports where it goes', async () => {
    const { rig, s, env } = await savedCopy('digest-restore');
    const back = await relock(rig, s, env);
    const stats = back.listDigest.stats();
    for (const k of ['restoreReadMs', 'restoreOpenMs', 'restoreParseMs', 'restoreLoopMs', 'rebuildMs'] as const) expect(stats[k], k).toBeGreaterThanOrEqual(0);
    expect(stats.restoreParseMs).toBeGreaterThan(0);
    await rig.close();
  });

  it('[N11][N10] parts are written in format 2 (columns, then the list rows as text): restored with no row read nor decrypted, the answers exactly a cold build’s', async () => {
    const { rig, s, dataKey, env } = await savedCopy('digest-restore');
    const formats = await formatBytes(s.db, dataKey);
    expect(formats.length).toBeGreaterThan(0);
    expect(formats.every((b) => b === 2), `first bytes ${formats.join(',')}`).toBe(true);
    const back = await relock(rig, s, env);
    expect(back.listDigest.stats()).toMatchObject({ complete: true, restored: PEOPLE.length + 1, decrypted: 0, rowsRead: 0, partsDirty: 0 });
    await expectExact(back, dataKey, 'format 2');
    await rig.close();
  });

  it('[N11][N7][N10] a restored household’s list row is parsed only when an answer shows it: a first search parses no more rows than its page', async () => {
    const { rig, s, dataKey, env } = await savedCopy('digest-restore');
    for (const from of [710, 720, 730]) await saveAll(s, rig, from);
    await s.listDigest.saved();
    const before = rowsParsed();
    const back = await relock(rig, s, env);
    expect(back.listDigest.stats()).toMatchObject({ complete: true, restored: 4 * PEOPLE.length + 1, decrypted: 0 });
    expect(rowsParsed() - before, 'parsed by the restore').toBe(0);
    // The order (N7), the event and the search read the columns: only the page's rows are parsed.
    const page = await back.households.search({ text: '张', eventId: 'event-0001' }, 2);
    expect(page.items).toHaveLength(2);
    expect(page.more).toBe(true);
    expect(rowsParsed() - before).toBeGreaterThan(0);
    expect(rowsParsed() - before).toBeLessThanOrEqual(2);
    const all = await back.households.search({ text: '' }, 3);
    expect(all.items).toHaveLength(3);
    expect(rowsParsed() - before).toBeLessThanOrEqual(5);
    await expectExact(back, dataKey, 'rows parsed lazily');
    await rig.close();
  });

  it('[N11] a part of format 1 deflated (one JSON, sealed before format 2) is restored, not decrypted again, and written again in format 2', async () => {
    const { rig, s, dataKey, env } = await savedCopy('digest-restore');
    const rows = (await s.db.digest.where('part').aboveOrEqual(0).toArray()) as { part: number; sealed: Sealed }[];
    const before = (await readParts(s.db, dataKey)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const back = await relock(rig, s, env, async (db) => {
      for (const r of rows) {
        const content = (await openPart(dataKey, r.part, r.sealed))!;
        expect(content.format).toBe(1);
        const deflated = await deflate(new TextEncoder().encode(JSON.stringify(content)));
        const plaintext = new Uint8Array([0, ...deflated]);
        await db.digest.put({ part: r.part, sealed: await sealBytes(dataKey, `digest:${r.part}`, plaintext) });
      }
    });
    expect(back.listDigest.stats()).toMatchObject({ complete: true, restored: PEOPLE.length + 1, decrypted: 0, partsDirty: rows.length });
    expect((await formatBytes(back.db, dataKey)).every((b) => b === '{'.charCodeAt(0))).toBe(true);
    await expectExact(back, dataKey, 'format 1 deflated');
    await back.listDigest.saved();
    expect((await formatBytes(back.db, dataKey)).every((b) => b === 2)).toBe(true);
    expect((await readParts(back.db, dataKey)).sort((a, b) => (a[0] < b[0] ? -1 : 1))).toEqual(before);
    await rig.close();
  });

  it('[N11] a part whose format 2 header does not hold together is deleted and counts as absent: its records are read again, the answers exact', async () => {
    const { rig, s, dataKey, env } = await savedCopy('digest-restore');
    const rows = (await s.db.digest.where('part').aboveOrEqual(0).toArray()) as { part: number; sealed: Sealed }[];
    const withHousehold = [];
    for (const r of rows) if ((await openPart(dataKey, r.part, r.sealed))!.entries.some((e) => e[2] !== null)) withHousehold.push(r);
    const { part: bad, sealed } = withHousehold[0]!;
    const lost = (await openPart(dataKey, bad, sealed))!.entries.length;
    const back = await relock(rig, s, env, async (db) => {
      const text = new TextDecoder().decode(await inflate((await openBytes(dataKey, `digest:${bad}`, sealed)).subarray(1)));
      // One household's `updatedAt` dropped from its column: the columns no longer line up.
      const nl = text.indexOf('\n');
      const header = JSON.parse(text.slice(1, nl)) as { updated: string[] };
      header.updated.pop();
      const broken = `${text[0]}${JSON.stringify(header)}${text.slice(nl)}`;
      await db.digest.put({ part: bad, sealed: await sealBytes(dataKey, `digest:${bad}`, new Uint8Array([0, ...(await deflate(new TextEncoder().encode(broken)))])) });
    });
    expect(back.listDigest.stats()).toMatchObject({ complete: true, restored: PEOPLE.length + 1 - lost });
    expect(back.listDigest.stats().decrypted).toBeGreaterThan(0);
    await expectExact(back, dataKey, 'a broken format 2 part');
    await rig.close();
  });
});
