import Dexie, { cmp } from 'dexie';
import { open } from '../security/seal';
import type { Fields } from './record-fields';
import type { RecordRow, UserDb } from './user-db';

export interface CachedRecord {
  row: Omit<RecordRow, 'sealed' | 'sealedServer'>;
  fields: Fields;
}

function strip(row: RecordRow): CachedRecord['row'] {
  const { sealed: _s, sealedServer: _ss, ...rest } = row;
  return rest;
}

/** A node of Dexie's RangeSet tree, as fired (or structured-cloned from another tab) by 'storagemutated'. */
interface RangeNode {
  from?: unknown;
  to?: unknown;
  l?: RangeNode | null;
  r?: RangeNode | null;
  d?: number;
}

/**
 * The changed primary keys of a mutated-parts range tree: the single keys, or null when some range is
 * wider than one key (a clear, a deleteRange, a bulk write of 50+ rows): then everything may have changed.
 */
function changedKeys(tree: RangeNode | undefined, out: string[]): string[] | null {
  const stack: RangeNode[] = [];
  let node: RangeNode | null | undefined = tree;
  while (node || stack.length > 0) {
    while (node) {
      stack.push(node);
      node = node.l;
    }
    const n = stack.pop()!;
    if (n.d !== 0 && n.from !== undefined) {
      if (typeof n.from !== 'string' || n.from !== n.to) {
        try {
          if (cmp(n.from, n.to) !== 0) return null;
        } catch {
          return null;
        }
        if (typeof n.from !== 'string') return null;
      }
      out.push(n.from);
    }
    node = n.r;
  }
  return out;
}

/**
 * Calls `changed` at each committed write of `db`'s records (this tab's, synchronously at commit; other
 * tabs' through BroadcastChannel) with the ids written, or null when the write names a range. Returns the
 * unsubscribe.
 */
export function watchRecordWrites(db: UserDb, changed: (ids: string[] | null) => void): () => void {
  const part = `idb://${db.name}/records/`;
  const onMutated = (parts: Record<string, RangeNode>) => {
    if (part in parts) changed(changedKeys(parts[part], []));
  };
  Dexie.on('storagemutated', onMutated);
  return () => Dexie.on.storagemutated.unsubscribe(onMutated);
}

/**
 * The decrypted records of the unlocked session, in memory only. Each row is decrypted once.
 * The first `all()` compares the `[id+rev]` index keys (no row bodies) with the cache and decrypts only
 * rows whose rev changed. After that the cache stays valid: Dexie's 'storagemutated' notifications (this
 * tab's committed writes, synchronously at commit; other tabs' through BroadcastChannel) name the
 * changed ids, and only those are re-read, so repeated list/search calls are in memory. A notification
 * naming a range rather than ids (clear, large bulk writes) falls back to the `[id+rev]` comparison.
 * `clear()` on lock.
 */
export class RecordCache {
  private map = new Map<string, CachedRecord>();
  /** The map holds every record on disk, except the ids in `dirty`. */
  private complete = false;
  private dirty = new Set<string>();
  /** Ids read by getMany since watching began and not written since: their entry (or absence) is current. */
  private fresh = new Set<string>();
  private unwatch: (() => void) | null = null;
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly db: UserDb,
    private readonly dataKey: CryptoKey,
  ) {}

  private watch(): void {
    if (this.unwatch) return;
    this.unwatch = watchRecordWrites(this.db, (ids) => {
      if (ids === null) {
        this.complete = false;
        this.fresh.clear();
      } else
        for (const id of ids) {
          this.dirty.add(id);
          this.fresh.delete(id);
        }
    });
  }

  private async decrypt(row: RecordRow): Promise<CachedRecord | null> {
    try {
      return { row: strip(row), fields: await open<Fields>(this.dataKey, row.id, row.sealed) };
    } catch {
      return null; // not ours to read (tampered, or sealed under another key): never shown
    }
  }

  /** Re-reads `ids` (bulk), decrypting those whose rev changed. Ids that fail to decrypt stay dirty (retried). */
  private async refresh(ids: string[]): Promise<void> {
    const rows = await this.db.records.bulkGet(ids);
    const stale: RecordRow[] = [];
    rows.forEach((row, i) => {
      if (!row) this.map.delete(ids[i]!);
      else if (this.map.get(row.id)?.row.rev !== row.rev) stale.push(row);
    });
    const decrypted = await Promise.all(stale.map((r) => this.decrypt(r)));
    decrypted.forEach((c, i) => {
      if (c) this.map.set(c.row.id, c);
      else this.dirty.add(stale[i]!.id);
    });
  }

  /** Brings the map up to date: a full `[id+rev]` comparison when not complete, else the dirty ids only. */
  private async sync(): Promise<void> {
    if (!this.complete) {
      // Marked complete before reading: a write committed while this runs lands in `dirty` (or resets it).
      this.complete = true;
      this.dirty.clear();
      try {
        const keys = (await this.db.records.orderBy('[id+rev]').keys()) as unknown as [string, number][];
        const seen = new Set<string>();
        const stale: string[] = [];
        for (const [id, rev] of keys) {
          seen.add(id);
          if (this.map.get(id)?.row.rev !== rev) stale.push(id);
        }
        for (const id of [...this.map.keys()]) if (!seen.has(id)) this.map.delete(id);
        if (stale.length > 0) await this.refresh(stale);
      } catch (e) {
        this.complete = false;
        throw e;
      }
    } else if (this.dirty.size > 0) {
      const ids = [...this.dirty];
      this.dirty.clear();
      try {
        await this.refresh(ids);
      } catch (e) {
        for (const id of ids) this.dirty.add(id);
        throw e;
      }
    }
  }

  async all(): Promise<CachedRecord[]> {
    this.watch();
    // One update at a time: a call made while another runs waits for it, then catches up on what that
    // one had not seen yet (a caller never gets the map before every write committed before its call).
    if (this.syncing) await this.syncing.catch(() => undefined);
    if (!this.complete || this.dirty.size > 0) {
      if (!this.syncing) {
        const p = this.sync().finally(() => {
          if (this.syncing === p) this.syncing = null;
        });
        this.syncing = p;
      }
      await this.syncing;
    }
    return [...this.map.values()];
  }

  async get(id: string): Promise<CachedRecord | null> {
    const row = await this.db.records.get(id);
    if (!row) {
      this.map.delete(id);
      return null;
    }
    const cached = this.map.get(id);
    if (cached && cached.row.rev === row.rev) return cached;
    const c = await this.decrypt(row);
    if (c) this.map.set(id, c);
    return c;
  }

  /**
   * The records of `ids` as on disk (a search's candidates, SPEC N4). An id read here before and not
   * written since (or any id, once the whole map is complete) comes from memory; the others are read
   * in one bulk read and the changed ones decrypted together (SPEC, the outbox section's note on bulk opening).
   */
  async getMany(ids: string[]): Promise<CachedRecord[]> {
    this.watch();
    const known = (id: string) => (this.complete || this.fresh.has(id)) && !this.dirty.has(id);
    const toRead = [...new Set(ids.filter((id) => !known(id)))];
    if (toRead.length > 0) {
      // Marked fresh before reading: a write committed meanwhile un-marks it (watch), as in sync().
      for (const id of toRead) {
        this.dirty.delete(id);
        this.fresh.add(id);
      }
      try {
        const rows = await this.db.records.bulkGet(toRead);
        const stale: RecordRow[] = [];
        rows.forEach((row, i) => {
          if (!row) this.map.delete(toRead[i]!);
          else if (this.map.get(row.id)?.row.rev === row.rev) return;
          else stale.push(row);
        });
        const decrypted = await Promise.all(stale.map((r) => this.decrypt(r)));
        decrypted.forEach((c, i) => {
          if (c) this.map.set(c.row.id, c);
          else {
            this.map.delete(stale[i]!.id);
            this.fresh.delete(stale[i]!.id); // not ours to read: tried again next time
          }
        });
      } catch (e) {
        for (const id of toRead) {
          this.fresh.delete(id);
          if (this.complete) this.dirty.add(id);
        }
        throw e;
      }
    }
    return ids.map((id) => this.map.get(id)).filter((c): c is CachedRecord => !!c);
  }

  clear(): void {
    this.map.clear();
    this.dirty.clear();
    this.fresh.clear();
    this.complete = false;
    this.unwatch?.();
    this.unwatch = null;
  }
}
