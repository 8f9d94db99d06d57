import Dexie from 'dexie';
import { dexieOptions, type DbEnv } from '../../src/db/db-env';
import { expect } from 'vitest';
import type { DbSession } from '../../src/db/session';
import { UserDb, type OutboxRow, type RecordRow } from '../../src/db/user-db';

/** `records` as release 1 declared it (Dexie version 1), and as version 7 does again: no name index. Versions 2–6 add `*nameKeys` (their entries differ, not the declaration). */
const RECORDS_V1 = 'id, entity, eventId, shelterSiteId, checkInAt, syncState, *idHmacs, [id+rev]';

/** The tablet's stores as Dexie version `version` (1–7) declared them (version 6 adds the digest's sealed copy, N11). */
function storesOf(version: OlderVersion): Record<string, string> {
  return {
    records: version === 1 || version === 7 ? RECORDS_V1 : `${RECORDS_V1}, *nameKeys`,
    outbox: '++seq, id, [state+seq]',
    reference: '[entity+id], entity',
    meta: 'key',
    attachments: 'sha256, recordId, uploaded',
    ...(version >= 6 ? { digest: 'part' } : {}),
  };
}

/**
 * The releases before version 8 (which dropped the indexes no query read and moved the digest's write log
 * into a table of its own); versions 2–6 held the name index (SPEC N1, retired in 7).
 */
export type OlderVersion = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * A session's database written again as an older release held it, for the upgrade tests: its records,
 * outbox and meta are read, the rig's client is locked, and the database is deleted and made anew as
 * Dexie version `version` declared it, holding `asStored(records)` (the rows in that release's encoding),
 * the same outbox, the meta rows plus `extraMeta`, and any other `tables`' rows (the digest's parts). Returns the session's rows and outbox as they were,
 * and the records as stored in the old version, read back before it closes.
 */
export async function rewriteAsVersion<Stored extends object>(
  rig: { client: { lock(): void; settled(): Promise<void> } },
  session: DbSession,
  env: DbEnv,
  version: OlderVersion,
  asStored: (rows: RecordRow[]) => Stored[] | Promise<Stored[]>,
  extraMeta: { key: string; value: unknown }[] = [],
  tables: Record<string, unknown[]> = {},
): Promise<{ name: string; rows: RecordRow[]; outbox: OutboxRow[]; stored: Stored[] }> {
  const name = session.db.name;
  const rows = await session.db.records.toArray();
  const outbox = await session.db.outbox.toArray();
  const meta = (await session.db.meta.toArray()).filter((m) => m.key !== 'digestLog'); // version 8's note; older logs come in extraMeta
  const records = await asStored(rows);
  rig.client.lock();
  await rig.client.settled();

  await new Dexie(name, dexieOptions(env)).delete();
  const old = new Dexie(name, dexieOptions(env));
  old.version(version).stores(storesOf(version));
  await old.table('records').bulkPut(records);
  await old.table('outbox').bulkPut(outbox);
  await old.table('meta').bulkPut([...meta, ...extraMeta]);
  for (const [table, rows] of Object.entries(tables)) await old.table(table).bulkPut(rows);
  const stored: Stored[] = await old.table('records').toArray();
  old.close();
  return { name, rows, outbox, stored };
}

/** After an upgrade test: locks, opens the database again (now at the current version) and finds the rows unchanged. */
export async function expectReopenedUnchanged(rig: { client: { lock(): void; settled(): Promise<void> } }, name: string, env: DbEnv, stored: unknown[]): Promise<void> {
  rig.client.lock();
  await rig.client.settled();
  const again = new UserDb(name, env);
  expect(await again.records.toArray()).toEqual(stored);
  again.close();
}
