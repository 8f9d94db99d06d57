import { outboxChangeFields } from '../db/outbox-change';
import {
  encodeHandoverPayload,
  handoverFileName,
  HANDOVER_MAX_FILE_BYTES,
  type HandoverHeader,
} from '../shared/protocol/handover-format';
import type { HandoverExportPreview, HandoverExportResult, HandoverUnavailable } from '../shared/protocol/handover-tablet';
import type { Change } from '../shared/protocol/messages';
import { AppError } from '../shared/protocol/app-error';
import { sealHandoverFile, utf8Codec } from '../security/handover-file';
import type { UserKeys } from '../security/key-bundle';
import { openBytes } from '../security/seal';
import type { Fields } from '../db/record-fields';
import type { UserDb } from '../db/user-db';
import { readClientId } from '../db/client-id';
import { queuedRange } from './outbox-stats';
import { handoverMeta, readServerKey, readSigningKey } from './handover-store';
import { selectForHandover, type QueuedRow } from './handover-select';

export interface HandoverExportDeps {
  db: UserDb;
  keys: UserKeys;
  userId: string;
  /** The session's client id (the database's own wins: it may have moved, P9). */
  clientId: string;
  now: () => Date;
  newId: () => string;
}

async function readiness(deps: HandoverExportDeps) {
  const clientId = (await readClientId(deps.db)) ?? deps.clientId;
  const [signing, serverKey, queued] = await Promise.all([
    readSigningKey(deps.db),
    readServerKey(deps.db),
    queuedRange(deps.db).toArray() as Promise<QueuedRow[]>,
  ]);
  const attachments = await deps.db.attachments.where('uploaded').equals(0).toArray();
  let unavailable: HandoverUnavailable | null = null;
  if (queued.length === 0) unavailable = 'NOTHING_QUEUED';
  else if (!signing || signing.clientId !== clientId) unavailable = 'NO_SIGNING_KEY';
  else if (!serverKey) unavailable = 'NO_SERVER_KEY';
  return { clientId, signing, serverKey, queued, attachments, unavailable };
}

/** What an export would hold now (F5: the screen says how many records and how large, before and after). */
export async function previewHandover(deps: HandoverExportDeps): Promise<HandoverExportPreview | { unavailable: HandoverUnavailable }> {
  const r = await readiness(deps);
  if (r.unavailable) return { unavailable: r.unavailable };
  const { rows, leftForSync } = selectForHandover(r.queued);
  return { changes: rows.length, records: new Set(rows.map((x) => x.id)).size, attachments: r.attachments.length, leftForSync };
}

/**
 * F5, F6: the queued changes (as a push would send them) and the attachments not yet uploaded, sealed
 * for the server and signed by this (account, client)'s key. Nothing leaves the outbox: the changes
 * stay queued until the server has answered them, by sync or through the file (F10). The highest seq
 * exported is remembered, so the next sync asks the server which of them it already holds.
 */
export async function exportHandover(deps: HandoverExportDeps): Promise<HandoverExportResult> {
  const r = await readiness(deps);
  if (r.unavailable || !r.signing || !r.serverKey) throw new AppError('VALIDATION_FAILED', `hand-over export unavailable: ${r.unavailable}`, { reason: r.unavailable });
  const { rows, superseded } = selectForHandover(r.queued);
  const fields = await outboxChangeFields(deps.keys.dataKey, rows);
  const changes: Change[] = rows.map((row, i) => ({
    seq: row.seq,
    entity: row.entity,
    id: row.id,
    baseVersion: row.baseVersion,
    fields: fields[i]!,
    formVersion: row.formVersion,
    changedAt: row.changedAt,
    ...(row.township ? { township: row.township } : {}), // SPEC A8
  }));
  const attachments = await Promise.all(
    r.attachments.map(async (a) => ({
      entry: { sha256: a.sha256, contentType: a.contentType, recordId: a.recordId || null, size: a.size },
      bytes: await openBytes(deps.keys.dataKey, a.sha256, a.sealed),
    })),
  );
  for (const a of attachments) a.entry.size = a.bytes.length;
  const payload = encodeHandoverPayload({ changes, attachments }, utf8Codec);
  const seqs = [...rows.map((x) => x.seq), ...[...superseded.values()].flat().map((x) => x.seq)];
  const header: HandoverHeader = {
    fileId: deps.newId(),
    clientId: r.clientId,
    userId: deps.userId,
    keyId: r.signing.keyId,
    seqFrom: Math.min(...seqs),
    seqTo: Math.max(...seqs),
    changes: changes.length,
    attachments: attachments.length,
    payloadBytes: payload.length,
    createdAt: deps.now().toISOString(),
  };
  const bytes = await sealHandoverFile({ header, payload, serverKey: r.serverKey, signingKey: r.signing.privateKey });
  if (bytes.length > HANDOVER_MAX_FILE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'The hand-over file would exceed its size limit.');
  const previous = (await handoverMeta(deps.db).get('handover.exported'))?.value as { seqTo: number } | undefined;
  await handoverMeta(deps.db).put({ key: 'handover.exported', value: { seqTo: Math.max(header.seqTo, previous?.seqTo ?? 0), fileId: header.fileId } });
  return { header, fileName: handoverFileName(header), bytes };
}
