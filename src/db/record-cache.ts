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

/**
 * The decrypted records of the unlocked session, in memory only. Each row is decrypted once; a read
 * compares the `[id+rev]` index keys (no row bodies) with the cache and decrypts only rows whose rev
 * changed, which also catches writes made by another tab. `clear()` on lock.
 */
export class RecordCache {
  private map = new Map<string, CachedRecord>();

  constructor(
    private readonly db: UserDb,
    private readonly dataKey: CryptoKey,
  ) {}

  private async decrypt(row: RecordRow): Promise<CachedRecord | null> {
    try {
      return { row: strip(row), fields: await open<Fields>(this.dataKey, row.id, row.sealed) };
    } catch {
      return null; // not ours to read (tampered, or sealed under another key): never shown
    }
  }

  async all(): Promise<CachedRecord[]> {
    const keys = (await this.db.records.orderBy('[id+rev]').keys()) as unknown as [string, number][];
    const seen = new Set<string>();
    const stale: string[] = [];
    for (const [id, rev] of keys) {
      seen.add(id);
      if (this.map.get(id)?.row.rev !== rev) stale.push(id);
    }
    for (const id of [...this.map.keys()]) if (!seen.has(id)) this.map.delete(id);
    if (stale.length > 0) {
      const rows = await this.db.records.bulkGet(stale);
      const decrypted = await Promise.all(rows.map((r) => (r ? this.decrypt(r) : Promise.resolve(null))));
      for (const c of decrypted) if (c) this.map.set(c.row.id, c);
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

  async getMany(ids: string[]): Promise<CachedRecord[]> {
    const out = await Promise.all(ids.map((id) => this.get(id)));
    return out.filter((c): c is CachedRecord => !!c);
  }

  clear(): void {
    this.map.clear();
  }
}
