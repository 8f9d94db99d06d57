import { open, seal, type Sealed } from '../security/seal';
import type { DigestedHousehold } from './household-list';
import type { DigestPartRow, UserDb } from './user-db';

/**
 * The list digest's sealed copy (SPEC N11, Dexie version 6): its entries in DIGEST_PARTS rows, each
 * sealed with the data key, so the next unlock starts from it instead of decrypting every household.
 * A fixed number of parts chosen by a hash of the record id: a change rewrites one part (a 32nd of the
 * copy), and a record's deletion can delete the part holding it without the key (partOf needs none).
 */
export const DIGEST_PARTS = 32;
/**
 * The parts' format, with DIGEST_PARTS and partOf: a part of another format is deleted, not read (an id
 * hashed to another part would escape its deletion, N11).
 */
const FORMAT = 1;

export type { DigestPartRow };

/** An entry as stored: the record id, the rev it was read at, what the list reads of it (null: not a household). */
export type PartEntry = [id: string, rev: number, h: DigestedHousehold | null];

interface PartContent {
  format: number;
  parts: number;
  entries: PartEntry[];
}

/** The part holding `id`'s entry: FNV-1a (32 bits) of its UTF-16 code units, stable across releases of this format. */
export function partOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % DIGEST_PARTS;
}

const aadOf = (part: number) => `digest:${part}`;

export function sealPart(dataKey: CryptoKey, part: number, entries: PartEntry[]): Promise<Sealed> {
  const content: PartContent = { format: FORMAT, parts: DIGEST_PARTS, entries };
  return seal(dataKey, aadOf(part), content);
}

/** The row whose `deletes` every delete of records changes, in the deleting transaction. */
const DELETES = -1;

/**
 * Every part's entries, in one bulk read. A part that does not open (tampered, sealed with another key,
 * another format) is skipped and deleted (best-effort): its records are read again, as if it were absent.
 */
export async function readParts(db: UserDb, dataKey: CryptoKey): Promise<PartEntry[]> {
  const rows = await db.digest.where('part').aboveOrEqual(0).toArray();
  const bad: number[] = [];
  const opened = await Promise.all(
    rows.map(async (row) => {
      const content = 'sealed' in row ? await open<PartContent>(dataKey, aadOf(row.part), row.sealed).catch(() => null) : null;
      if (content?.format !== FORMAT || content.parts !== DIGEST_PARTS || !Array.isArray(content.entries)) {
        bad.push(row.part);
        return [];
      }
      return content.entries.filter((e) => Array.isArray(e) && partOf(e[0]) === row.part);
    }),
  );
  if (bad.length > 0) await db.digest.bulkDelete(bad).catch(() => undefined);
  return opened.flat();
}

/** What a round of writes checks its parts against: the record ids on disk, and the deletes mark they were read with. */
export interface OnDisk {
  ids: Set<string>;
  mark: string | null;
}

const markOf = async (db: UserDb) => {
  const row = await db.digest.get(DELETES);
  return row && 'deletes' in row ? row.deletes : null;
};

/**
 * The record ids on disk (one key-only read) and the deletes mark, read together in one read-only
 * transaction: a record deleted after it changes the mark, which writePart sees.
 */
export function readOnDisk(db: UserDb): Promise<OnDisk> {
  return db.transaction('r', [db.records, db.digest], async () => {
    const [keys, mark] = await Promise.all([db.records.toCollection().primaryKeys(), markOf(db)]);
    return { ids: new Set(keys), mark };
  });
}

/**
 * Writes one part (null: deletes it), unless records were deleted since `onDisk` was read (the mark
 * changed): then writes nothing and returns false. The check and the write are one transaction of
 * `digest` alone, so no save waits for it, and a record deleted (with its part and a new mark, in its
 * transaction) while the part was sealed never comes back in it (N11).
 */
export async function writePart(db: UserDb, part: number, onDisk: OnDisk, sealed: Sealed | null): Promise<boolean> {
  return db.transaction('rw', db.digest, async () => {
    if ((await markOf(db)) !== onDisk.mark) return false;
    if (sealed) await db.digest.put({ part, sealed });
    else await db.digest.delete(part);
    return true;
  });
}

/**
 * Deletes the parts holding `ids` and changes the deletes mark: inside the transaction that deletes those
 * records (purge, pull; N11), so no part sealed before it is written after it.
 */
export async function deletePartsOf(db: UserDb, ids: Iterable<string>): Promise<void> {
  const parts = new Set<number>();
  for (const id of ids) parts.add(partOf(id));
  await db.digest.bulkDelete([...parts]);
  await db.digest.put({ part: DELETES, deletes: globalThis.crypto.randomUUID() });
}

/** Deletes every part (a failed write: the space goes back to the records). Never throws. */
export async function deleteAllParts(db: UserDb): Promise<void> {
  await db.digest.where('part').aboveOrEqual(0).delete().catch(() => undefined);
}
