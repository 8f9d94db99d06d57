/**
 * Saving a workload record through the app's own save path (validate with the shared schema, seal,
 * write the record and its outbox change in one strict transaction). Households go through the
 * session's `households.save`, exactly what the form calls; other workload records (surveys) through
 * `saveRecord`, the function every save of the session ends in, without the survey screen's
 * pre-assessment, which the sync benchmark does not measure. No Node imports: the Chromium bench page
 * uses this file too.
 */
import { openWithPassword } from '../../../src/security/account-keys';
import type { UserKeys } from '../../../src/security/key-bundle';
import type { DbEnv } from '../../../src/db/db-env';
import { DeviceDb } from '../../../src/db/device-db';
import { saveRecord, type SaveStep } from '../../../src/db/save-record';
import type { TidemarkSession } from '../../../src/app/compose-session';
import type { WorkloadRecord } from '../workload/generate';

/** The unlocked session's keys, re-derived from the device database with the password (the session does not expose them). */
export async function sessionKeys(env: DbEnv, userId: string, password: string): Promise<UserKeys> {
  const device = new DeviceDb(env);
  try {
    const account = await device.accounts.get(userId);
    const keys = account && (await openWithPassword(account.keys, account.userId, password));
    if (!keys) throw new Error('bench: cannot open the account keys');
    return keys;
  } finally {
    device.close();
  }
}

/**
 * `newRecord`: the record is new, as the form says for a household it was opened to register (issue 18,
 * SaveOptions.newRecord): the save skips its read before the write.
 */
export type AppSaver = (record: WorkloadRecord, options?: { newRecord?: boolean; trace?: (step: SaveStep) => void }) => Promise<void>;

/**
 * `session`: what the form does (households.save, which also refreshes the sync counts);
 * `bulk`: saveRecord alone for every record, then one count refresh at the end. The sync benchmark
 * loads N records with `bulk` because the session's count refresh reads the whole outbox after each
 * save (src/sync/outbox-stats.ts), which makes N saves in a row cost O(N²) — see the README.
 */
export function appSaver(session: TidemarkSession, keys: UserKeys, mode: 'session' | 'bulk' = 'session'): AppSaver {
  const ctx = { db: session.db, keys, now: () => new Date(), newId: () => globalThis.crypto.randomUUID() };
  return async (record, options = {}) => {
    if (mode === 'session' && record.entity === 'household') await session.households.save(record.fields, options);
    else {
      const { changed } = await saveRecord({ ...ctx, trace: options.trace }, record.entity, record.fields, { newRecord: options.newRecord });
      if (changed && mode === 'session') session.engine.localChange();
    }
  };
}
