import { open } from '../security/seal';
import { withoutNulls } from '../shared/protocol/without-nulls';
import { changedFields, type Fields } from './record-fields';
import type { OutboxRow } from './user-db';

/**
 * The fields a queued change sends (SPEC P1, O2), derived when it is pushed rather than sealed at every
 * save (O1): a row holds the whole record after the save (`sealedSnapshot`), the server copy it was
 * edited from (`sealedBase`: the record's `sealedServer` at that moment, the same ciphertext, so no
 * extra encryption) and the names of the fields this save changed against the previous local save
 * (`changed`, with any affirmed C6 field). That is exactly what `changedFields(server, previous, next)`
 * used to seal: a field differs from the base, or was changed by this save. Rows written by older
 * releases carry their sealed diff (`sealed`) and are opened as they are.
 * Opens every ciphertext of the rows at once (one WebCrypto round for the batch: bulk opening, SPEC outbox note).
 */
export async function outboxChangeFields(dataKey: CryptoKey, rows: readonly OutboxRow[]): Promise<Fields[]> {
  const jobs: Promise<Fields>[] = [];
  for (const row of rows) {
    if (row.sealed) jobs.push(open<Fields>(dataKey, row.id, row.sealed));
    else {
      jobs.push(open<Fields>(dataKey, row.id, row.sealedSnapshot));
      jobs.push(row.sealedBase ? open<Fields>(dataKey, row.id, row.sealedBase).then(withoutNulls) : Promise.resolve({}));
    }
  }
  const opened = await Promise.all(jobs);
  const out: Fields[] = [];
  let i = 0;
  for (const row of rows) {
    if (row.sealed) {
      out.push(opened[i++]!);
      continue;
    }
    const snapshot = opened[i++]!;
    const base = opened[i++]!;
    out.push(changeOf(base, snapshot, row.changed ?? []));
  }
  return out;
}

/** The change of one save: fields differing from the base, plus those named as changed by the save (O2). */
export function changeOf(base: Fields, snapshot: Fields, changed: readonly string[]): Fields {
  // changedFields(base, previous, next) with `previous` standing for "equal to next except `changed`".
  const diff = changedFields(base, snapshot, snapshot);
  for (const k of changed) diff[k] = snapshot[k] === undefined ? null : snapshot[k];
  return diff;
}
