import type { Table } from 'dexie';
import type { UserDb } from './user-db';

/**
 * [K22] The surveys the purge must keep (purge-synced.ts): the last survey of each active case this
 * worker holds, so a review a year later starts from it (issue 15) although synced records otherwise
 * leave the tablet after 30 days. Record ids only (they identify nobody), in clear in the per-worker
 * `meta` table like the survey draft pointer: the purge runs without the keys, so it cannot read the
 * sealed cases itself. Written whenever the tablet reads or writes its case file (cases-api.ts), and
 * rebuilt before each purge after a sync (housekeeping beforePurge, wired in compose-session.ts).
 */
interface KeepRow {
  key: 'caseSurveys';
  value: string[];
}

const KEY = 'caseSurveys';
const rows = (db: UserDb) => db.meta as unknown as Table<KeepRow, string>;

export async function readCaseSurveyKeep(db: UserDb): Promise<ReadonlySet<string>> {
  const row = await rows(db).get(KEY);
  return new Set(Array.isArray(row?.value) ? row.value.filter((v) => typeof v === 'string') : []);
}

export async function writeCaseSurveyKeep(db: UserDb, ids: readonly string[]): Promise<void> {
  await rows(db).put({ key: KEY, value: [...new Set(ids)].sort() });
}
