import type { DexieOptions } from 'dexie';

/**
 * Where the databases live. Browsers use the global IndexedDB; Node tests pass fake-indexeddb's
 * factory explicitly (test/integration) and a name prefix to keep test runs apart.
 */
export interface DbEnv {
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** Prefix for database names (default ''): `${prefix}tidemark-device`, `${prefix}tidemark-u-<userId>`. */
  prefix?: string;
  /** Extra Dexie addons (tests use one to simulate a full disk). */
  addons?: DexieOptions['addons'];
}

/**
 * Every database opens with strict durability: since Chrome 121 a "relaxed" commit survives a tab
 * crash but not a power cut, and "saved" must mean on disk for the outbox and the cursor
 * (PLATFORM-NOTES). The cost is an fsync per transaction, which a field worker never notices.
 */
export function dexieOptions(env: DbEnv): DexieOptions {
  const o: DexieOptions = { chromeTransactionDurability: 'strict' };
  if (env.indexedDB) o.indexedDB = env.indexedDB;
  if (env.IDBKeyRange) o.IDBKeyRange = env.IDBKeyRange;
  if (env.addons) o.addons = env.addons;
  return o;
}
