import type { Table } from 'dexie';
import type { HandoverServerKey } from '../shared/protocol/handover-format';
import type { CarriedFile } from '../shared/protocol/handover-tablet';
import type { UserDb } from '../db/user-db';

/**
 * What the hand-over keeps on the tablet (SPEC F1, F4, F10, F12), as rows of the worker's `meta` table
 * (as the audit queue and survey draft pointer are), so no schema change. The signing key is a
 * non-extractable CryptoKey, stored as itself (IndexedDB structured clone): its private half never
 * exists as bytes this app can read. Carried files are sealed for the server: nothing here can open them.
 */
export interface SigningKeyRow {
  key: 'handover.signingKey';
  value: { clientId: string; keyId: string; privateKey: CryptoKey; publicKey: HandoverServerKey; registeredAt: string };
}
export interface ServerKeyRow {
  key: 'handover.serverKey';
  value: HandoverServerKey;
}
/** F10: the highest seq a file of this tablet held; the sync asks about queued changes up to it. */
export interface ExportedRow {
  key: 'handover.exported';
  value: { seqTo: number; fileId: string };
}
export interface CarriedRow {
  key: `handover.carried.${string}`;
  value: CarriedFile & { file: Uint8Array };
}
type HandoverMetaRow = SigningKeyRow | ServerKeyRow | ExportedRow | CarriedRow;

export const handoverMeta = (db: UserDb) => db.meta as unknown as Table<HandoverMetaRow, string>;

export const CARRIED_PREFIX = 'handover.carried.';

export async function readSigningKey(db: UserDb): Promise<SigningKeyRow['value'] | null> {
  const row = (await handoverMeta(db).get('handover.signingKey')) as SigningKeyRow | undefined;
  return row?.value ?? null;
}

export async function readServerKey(db: UserDb): Promise<HandoverServerKey | null> {
  const row = (await handoverMeta(db).get('handover.serverKey')) as ServerKeyRow | undefined;
  return row?.value ?? null;
}

export async function readExported(db: UserDb): Promise<ExportedRow['value'] | null> {
  const row = (await handoverMeta(db).get('handover.exported')) as ExportedRow | undefined;
  return row?.value ?? null;
}

export async function listCarried(db: UserDb): Promise<CarriedRow['value'][]> {
  const rows = (await handoverMeta(db).where('key').startsWith(CARRIED_PREFIX).toArray()) as CarriedRow[];
  return rows.map((r) => r.value);
}
