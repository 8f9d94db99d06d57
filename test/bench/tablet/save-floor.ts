/**
 * Issue 18: the floor under a save and under a first sync — what IndexedDB alone charges for the rows
 * Tidemark stores, with none of Tidemark's code around the writes. The rows are copies of the tablet's
 * own (same ciphertext, same `idHmacs` and `nameKeys` entries), written into tables declared with the
 * same index lists as the tablet's `records` and `outbox` (read from its open database, so the floor
 * follows any schema version), with the same strict durability. The bare put beside them (page-api.ts)
 * stores the plain household JSON with no index: the gap between the two is what the indexes cost, the
 * gap between the floor and a save is what Tidemark's code adds. No Node imports: built for the page.
 */
import Dexie, { type Table } from 'dexie';
import { dexieOptions, type DbEnv } from '../../../src/db/db-env';
import type { OutboxRow, RecordRow, UserDb } from '../../../src/db/user-db';

export type FloorDb = Dexie & {
  /** The tablet's `records` index list: every row with the same index entries. */
  records: Table<RecordRow, string>;
  /** The tablet's `outbox` index list (the save's second write). */
  outbox: Table<OutboxRow, number>;
  /** The same rows under their primary key alone: no index entry at all. */
  plain: Table<RecordRow, string>;
  /** With openFloor's `withoutNames` only: `records`' index list without the name index (`nameKeys`), rows without it. */
  noNames?: Table<RecordRow, string>;
};

/** A table's declaration as Dexie parsed it (`'id, entity, *idHmacs, [id+rev], …'`). */
function storesOf(table: Table): string {
  const { primKey, indexes } = table.schema;
  return [primKey.src, ...indexes.map((i) => i.src)].join(', ');
}

/** The floor database, with the tablet's own index lists. */
export function openFloor(source: UserDb, env: DbEnv, options: { withoutNames?: boolean } = {}): FloorDb {
  const db = new Dexie('bench-floor-dexie', dexieOptions(env)) as FloorDb;
  const records = storesOf(source.records);
  const noNames = records
    .split(', ')
    .filter((s) => s !== '*nameKeys')
    .join(', ');
  db.version(1).stores({ records, outbox: storesOf(source.outbox), plain: 'id', ...(options.withoutNames ? { noNames } : {}) });
  return db;
}

/** A first sync's writes alone: the tablet's rows put again in pages, with and without their index entries. */
export interface BulkFloor {
  rows: number;
  pages: number;
  /** bulkPut of each page (one strict transaction each) into the table with `records`' indexes. */
  indexedMs: number;
  /** The same pages into the table without any index. */
  plainMs: number;
  /** Issue 18 (with openFloor's `withoutNames`): the same pages without their name index entries, into a table with every other index of `records`. */
  noNamesMs?: number;
}

/**
 * Copies every row of the tablet's `records` into both floor tables, a page at a time (the pull's page:
 * 1,000), timing only the writes. Each page goes to one table then the other, so both see the same
 * moments of a loaded machine.
 */
export async function fillFloor(source: UserDb, floor: FloorDb, pageSize = 1000): Promise<BulkFloor> {
  const out: BulkFloor = { rows: 0, pages: 0, indexedMs: 0, plainMs: 0 };
  let after: string | null = null;
  for (;;) {
    const page: RecordRow[] = await (after === null ? source.records.orderBy(':id') : source.records.where(':id').above(after)).limit(pageSize).toArray();
    if (page.length === 0) return out;
    after = page[page.length - 1]!.id;
    const indexed = async () => {
      const t0 = performance.now();
      await floor.records.bulkPut(page);
      out.indexedMs += performance.now() - t0;
    };
    const noNames = async (table: Table<RecordRow, string>) => {
      const rows = page.map(({ nameKeys: _n, ...r }) => r as RecordRow);
      const t0 = performance.now();
      await table.bulkPut(rows);
      out.noNamesMs = (out.noNamesMs ?? 0) + performance.now() - t0;
    };
    // Without the name index: alternating with the full index list page by page (same moments of the machine).
    if (floor.noNames && out.pages % 2 === 1) await noNames(floor.noNames);
    await indexed();
    if (floor.noNames && out.pages % 2 === 0) await noNames(floor.noNames);
    const t0 = performance.now();
    await floor.plain.bulkPut(page);
    out.plainMs += performance.now() - t0;
    out.rows += page.length;
    out.pages++;
  }
}

/** One save's writes alone, in ms: the stored row put with its index entries, and the row with its outbox change in one transaction. */
export interface SaveFloorSample {
  put: number;
  /** The same row put into the table without any index. */
  plain: number;
  withOutbox: number;
  /**
   * The save's transaction shape on the floor (issue 18, twenty-first session): the stored row, its outbox
   * change and a third small row ({ id, ids }, as the write log's) in a third table, one strict transaction.
   */
  withOutboxAndLog: number;
}

/**
 * The record the tablet has just saved (`id`), copied under new ids and written as the save writes it:
 * alone (one put, its own transaction), into the table without indexes, then with a copy of its outbox change (put + add in one
 * transaction over both tables). Reading the copies is not timed.
 */
export async function floorSave(source: UserDb, floor: FloorDb, id: string, options: { shape?: boolean } = {}): Promise<SaveFloorSample & { row: RecordRow; unsent: Omit<OutboxRow, 'seq'> }> {
  const [row, change] = await Promise.all([source.records.get(id), source.outbox.where('id').equals(id).last()]);
  if (!row || !change) throw new Error(`bench floor: saved record ${id} or its outbox change not found`);
  const { seq: _seq, ...unsent } = change;
  let t0 = performance.now();
  await floor.records.put({ ...row, id: `floor-${id}` });
  const put = performance.now() - t0;
  t0 = performance.now();
  await floor.plain.put({ ...row, id: `floor-${id}` });
  const plain = performance.now() - t0;
  t0 = performance.now();
  await writeWithOutbox(floor, row, unsent, `floor2-${id}`);
  const withOutbox = performance.now() - t0;
  const withOutboxAndLog = options.shape === false ? Number.NaN : await floorShape(floor, row, unsent, `floor3-${id}`);
  return { put, plain, withOutbox, withOutboxAndLog, row, unsent };
}

/** The save's transaction shape on the floor under `id` (SaveFloorSample.withOutboxAndLog): its ms. */
export async function floorShape(floor: FloorDb, row: RecordRow, unsent: Omit<OutboxRow, 'seq'>, id: string): Promise<number> {
  const t0 = performance.now();
  await floor.transaction('rw', floor.records, floor.outbox, floor.plain, () =>
    Promise.all([floor.plain.add({ id: `log-${id}`, ids: [id] } as unknown as RecordRow), floor.records.add({ ...row, id }), floor.outbox.add({ ...unsent, id })]),
  );
  return performance.now() - t0;
}

/** The save's two writes on the floor: the stored row and its outbox change (without its seq), under `id`, in one strict transaction. */
function writeWithOutbox(floor: FloorDb, row: RecordRow, change: Omit<OutboxRow, 'seq'>, id: string): Promise<unknown> {
  return floor.transaction('rw', floor.records, floor.outbox, () => Promise.all([floor.records.put({ ...row, id }), floor.outbox.add({ ...change, id })]));
}

/**
 * Issue 18, the sync phase's "local save of N": the records the tablet has just saved (`ids`, in the
 * order saved), each written again as the save writes it — row with `records`' indexes and its outbox
 * change, one strict transaction per record, one after the other. Returns the time of those writes
 * (reading the copies first is not timed). Every record goes under a new id, so the floor tables grow
 * with the tablet's.
 */
export async function floorSaveEach(source: UserDb, floor: FloorDb, ids: readonly string[], prefix = 'each-'): Promise<number> {
  const [rows, changes] = await Promise.all([source.records.bulkGet([...ids]), source.outbox.where('id').anyOf([...ids]).toArray()]);
  const last = new Map<string, OutboxRow>();
  for (const c of changes) if ((last.get(c.id)?.seq ?? -1) < (c.seq ?? 0)) last.set(c.id, c);
  const pairs = ids.map((id, i) => {
    const row = rows[i];
    const change = last.get(id);
    if (!row || !change) throw new Error(`bench floor: saved record ${id} or its outbox change not found`);
    const { seq: _seq, ...unsent } = change;
    return { row, unsent, id: `${prefix}${id}` };
  });
  const t0 = performance.now();
  for (const p of pairs) await writeWithOutbox(floor, p.row, p.unsent, p.id);
  return performance.now() - t0;
}
