import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { writeRecords } from '../../test/helpers/record-writes';
import { compactLog, emptyLog, readLogSeq } from './digest-log';
import { deletePartsOf, readOnDisk, writePart, type OnDisk } from './digest-parts';
import { UserDb, type RecordRow } from './user-db';

/**
 * SPEC N11, two tabs of one worker on one database: a round of the copy's writes in one tab checks, in each
 * part's writing transaction, that no record was written or deleted since it read the disk — by this tab or
 * by the other one, which this tab has not heard of yet. Two connections to one IndexedDB database, as two
 * tabs hold; the check must see the other connection's writes (the log's `seq`, the deletes mark), and must
 * not be fooled by what leaves the disk as it was (the other tab compacting or emptying the log).
 */

const opened: UserDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) db.close();
});

/** Two tabs: two connections to the same database. */
async function twoTabs(): Promise<[UserDb, UserDb]> {
  const env = { indexedDB: new IDBFactory(), IDBKeyRange };
  const a = new UserDb('tidemark-u-two-tabs', env);
  const b = new UserDb('tidemark-u-two-tabs', env);
  opened.push(a, b);
  await Promise.all([a.open(), b.open()]);
  return [a, b];
}

function row(id: string, rev = 1): RecordRow {
  return {
    id, entity: 'household', rev, idHmacs: [], sealed: { iv: 'iv', ct: `ct-${id}-${rev}` }, sealedServer: null, formVersion: 1, version: 0,
    syncState: 'pending', rejection: null, updatedAt: '2026-12-07T00:00:00.000Z', syncedAt: null,
  } as unknown as RecordRow;
}

const SEALED = { iv: 'part-iv', ct: 'part-ct' } as never;

/** Tab `db` saves a record (a writer's transaction: the log's middleware adds a row to digestLog). */
const save = (db: UserDb, r: RecordRow) => writeRecords(db, () => db.records.put(r));

/** What a round reads before sealing: the disk (record ids, mark, log) of one part. */
const readFor = (db: UserDb, part: number): Promise<OnDisk> => readOnDisk(db, [part], null);

describe('the copy’s writes with two tabs (SPEC N11)', () => {
  it('[N11] a record the other tab saved after this tab read the disk: writePart writes nothing and says so; read again, it writes', async () => {
    const [a, b] = await twoTabs();
    await save(a, row('h-1'));
    const disk = await readFor(a, 3);
    await save(b, row('h-2'));
    expect(await readLogSeq(a)).toBeGreaterThan(disk.seq);
    expect(await writePart(a, 3, disk, SEALED)).toBe(false);
    expect(await a.digest.get(3)).toBeUndefined();
    expect(await b.digest.get(3)).toBeUndefined();
    // A new look at the disk, with the other tab's write in it: the part is written.
    expect(await writePart(a, 3, await readFor(a, 3), SEALED)).toBe(true);
    expect(await b.digest.get(3)).toMatchObject({ part: 3 });
  });

  it('[N11] a record the other tab deleted after this tab read the disk (its parts deleted and the mark changed in its transaction): writePart writes nothing', async () => {
    const [a, b] = await twoTabs();
    await save(a, row('h-1'));
    const disk = await readFor(a, 5);
    // The other tab's purge: the records, their parts and a new mark, one transaction (purge-synced.ts).
    await b.transaction('rw', [b.records, b.digest, b.meta, b.digestLog], async () => {
      await b.records.delete('h-1');
      await deletePartsOf(b, ['h-1']);
    });
    expect(await writePart(a, 5, disk, SEALED)).toBe(false);
    expect(await a.digest.get(5)).toBeUndefined();
  });

  it('[N11] the other tab compacting or emptying the log changes nothing on disk: writePart still writes', async () => {
    const [a, b] = await twoTabs();
    for (let i = 0; i < 5; i++) await save(b, row(`h-${i}`));
    const disk = await readFor(a, 7);
    await compactLog(b);
    expect(await b.digestLog.count()).toBe(1);
    expect(await readLogSeq(a)).toBe(disk.seq);
    expect(await writePart(a, 7, disk, SEALED)).toBe(true);
    // The other tab's round empties the log at the same seq (rows deleted, the seq noted in meta).
    expect(await emptyLog(b, disk.seq)).toBe(true);
    expect(await a.digestLog.count()).toBe(0);
    expect(await readLogSeq(a)).toBe(disk.seq);
    expect(await writePart(a, 8, disk, SEALED)).toBe(true);
    // A write after the emptying takes a key past it (IndexedDB never reuses one): the seq moves on.
    await save(b, row('h-9'));
    expect(await readLogSeq(a)).toBeGreaterThan(disk.seq);
    expect(await writePart(a, 9, disk, SEALED)).toBe(false);
  });
});
