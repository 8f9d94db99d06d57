import { createHash } from 'node:crypto';
import { handoverServerKeySchema, type HandoverImportSummary, type HandoverPayload } from '../../../src/shared/protocol/handover-format';
import { MAX_CHANGES_PER_BATCH, type ChangeResult } from '../../../src/shared/protocol/messages';
import { PROTOCOL_VERSION } from '../../../src/shared/protocol/version';
import { checkChangeShape } from '../../../src/shared/rules/change-bounds';
import type { AppContext } from '../context';
import { appError } from '../errors';
import type { UserRow } from '../store/store';
import { applyPush } from '../sync/apply-push';
import { parsePush } from '../sync/parse-push';
import { readableTownships } from '../sync/scope';
import { checkAttachmentRecord } from '../sync/attachment-area';
import { openHandoverFile } from './open-file';
import { handoverServerKey } from './server-key';
import { supersededByOwnWrite } from './superseded';

/** F7: the per-attachment ceiling of an upload (routes/attachments.ts), kept for attachments in a file. */
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * SPEC B1 as the push route's hook applies it (http/too-complex-changes.ts): a change nested too deep or
 * with too many keys is answered CHANGE_TOO_COMPLEX on its own and recorded under (client, seq) (P2).
 */
async function setAsideTooComplex(ctx: AppContext, account: UserRow, clientId: string, changes: unknown[], at: string): Promise<Map<number, ChangeResult>> {
  const tooComplex: { index: number; seq: number; id: string }[] = [];
  changes.forEach((c, index) => {
    if (!isRecord(c) || typeof c.seq !== 'number' || !Number.isSafeInteger(c.seq) || c.seq < 1 || typeof c.id !== 'string') return;
    if (checkChangeShape(c.fields) !== null) tooComplex.push({ index, seq: c.seq, id: c.id });
  });
  if (tooComplex.length === 0) return new Map();
  return ctx.store.transaction(async (tx) => {
    const out = new Map<number, ChangeResult>();
    for (const { index, seq, id } of tooComplex) {
      const stored = await tx.getAppliedResult(clientId, seq);
      if (stored) {
        out.set(index, stored);
        continue;
      }
      const result: ChangeResult = { seq, id, status: 'rejected', code: 'CHANGE_TOO_COMPLEX' };
      await tx.recordApplied(clientId, seq, result, at, { userId: account.id, contentHash: null });
      await tx.appendAudit({
        at, userId: account.id, deviceId: clientId, township: account.township, action: 'sync.rejected',
        entity: null, recordId: id.slice(0, 128), detail: { seq, code: 'CHANGE_TOO_COMPLEX', via: 'handover' },
      });
      out.set(index, result);
    }
    return out;
  });
}

/**
 * F7: the file's attachments, stored as if its account had uploaded them from its tablet (SPEC T1–T3):
 * under the account's township, checked against their record's area, bytes matching their hash.
 * The same bytes again store nothing (idempotent, like the PUT).
 */
async function storeAttachments(ctx: AppContext, account: UserRow, clientId: string, attachments: HandoverPayload['attachments'], at: string): Promise<number> {
  let stored = 0;
  for (const { entry, bytes } of attachments) {
    if (bytes.length > MAX_ATTACHMENT_BYTES) throw appError('PAYLOAD_TOO_LARGE', { sha256: entry.sha256 });
    const buffer = Buffer.from(bytes);
    if (createHash('sha256').update(buffer).digest('hex') !== entry.sha256) throw appError('HANDOVER_DAMAGED', { reason: 'attachment', sha256: entry.sha256 });
    const area = account.township!;
    await checkAttachmentRecord(ctx, account, clientId, entry.recordId ?? undefined, entry.sha256, area);
    const put = await ctx.store.putAttachment({
      sha256: entry.sha256, bytes: buffer, size: buffer.length, contentType: entry.contentType, recordId: entry.recordId,
      township: area, uploadedBy: account.id, createdAt: at,
    });
    if (put) {
      stored++;
      await ctx.store.appendAudit({
        at, userId: account.id, deviceId: clientId, township: area, action: 'attachment.upload',
        entity: 'attachment', recordId: entry.recordId, detail: { sha256: entry.sha256, size: buffer.length, via: 'handover' },
      });
    }
  }
  return stored;
}

/**
 * F7–F9, F11: imports a hand-over file on behalf of the account that signed it. Checks, in order: the
 * file (open-file.ts: size, version, signature); the account exists, is enabled, has a township and is
 * in the importer's area; the client id is bound to that account (A4). Then the changes go through the
 * push path under the file's (client, account), batch by batch: applied_changes makes it exactly once
 * (P2), so a second import, or a sync of the same changes, is answered from the first results.
 */
export async function importHandoverFile(
  ctx: AppContext,
  importer: UserRow,
  importerClientId: string,
  file: Uint8Array,
  /** 'county': a supervisor's or administrator's import, within their area (F8); 'courier': a tablet passing a colleague's file on (F12). */
  via: 'county' | 'courier' = 'county',
): Promise<HandoverImportSummary> {
  const serverKey = await handoverServerKey(ctx);
  const { header, payload } = await openHandoverFile(file, {
    serverKey,
    registeredKeys: async (clientId, userId) =>
      (await ctx.store.listHandoverKeys(clientId, userId)).flatMap((k) => {
        const parsed = handoverServerKeySchema.safeParse(JSON.parse(k.publicKey));
        return parsed.success ? [{ keyId: k.keyId, publicKey: parsed.data }] : [];
      }),
  });
  const at = ctx.clock().toISOString();
  const account = await ctx.store.getUserById(header.userId);
  const allowed = await readableTownships(ctx.store, importer);
  // F8: only the importer's area; an account gone or without a township is outside every area.
  // F12: a courier only carries; the signature says whose work it is, so no area of the courier's applies.
  const inScope = via === 'courier' || allowed === null || (account?.township != null && allowed.includes(account.township));
  if (!account || !account.township || !inScope) {
    await ctx.store.appendAudit({
      at, userId: importer.id, deviceId: importerClientId, township: importer.township, action: 'handover.refused',
      detail: { code: 'HANDOVER_OUT_OF_SCOPE', fileId: header.fileId, clientId: header.clientId },
    });
    throw appError('HANDOVER_OUT_OF_SCOPE');
  }
  if (account.disabled) throw appError('ACCOUNT_DISABLED');
  const device = await ctx.store.getDevice(header.clientId);
  if (!device || device.userId !== account.id) throw appError('HANDOVER_KEY_UNKNOWN', { clientId: header.clientId });
  // A3: a revoked device's work is refused by file as by sync.
  if (device.revoked) throw appError('DEVICE_REVOKED');

  const summary: HandoverImportSummary = {
    fileId: header.fileId, clientId: header.clientId, userId: account.id, username: account.username,
    seqFrom: header.seqFrom, seqTo: header.seqTo, changes: payload.changes.length,
    applied: 0, merged: 0, conflict: 0, rejected: 0, alreadyHeld: 0, superseded: 0, attachmentsStored: 0,
  };
  // T1: records first, then their attachments.
  for (let i = 0; i < payload.changes.length; i += MAX_CHANGES_PER_BATCH) {
    const raw = payload.changes.slice(i, i + MAX_CHANGES_PER_BATCH);
    const seqs = raw.flatMap((c) => (isRecord(c) && typeof c.seq === 'number' && Number.isSafeInteger(c.seq) && c.seq > 0 ? [c.seq] : []));
    const held = await ctx.store.transaction((tx) => tx.getAppliedChanges(header.clientId, seqs));
    const setAside = await setAsideTooComplex(ctx, account, header.clientId, raw, at);
    const rest = raw.filter((_, j) => !setAside.has(j));
    const results: ChangeResult[] = [...setAside.values()];
    if (rest.length > 0) {
      const push = parsePush({ protocol: PROTOCOL_VERSION, deviceId: header.clientId, changes: rest }, ctx.clock());
      // F6: the seqs are the header's range; a change outside it is a broken writer.
      if (push.changes.some((c) => c.seq < header.seqFrom || c.seq > header.seqTo)) throw appError('HANDOVER_DAMAGED', { reason: 'seq range' });
      // F7 with C8: changes a later save of the same tablet already carried (it went by sync first) are left out.
      const records = await ctx.store.getRecords(push.changes.map((c) => ({ entity: c.entity, id: c.id })));
      const byKey = new Map(records.map((r) => [`${r.entity}/${r.id}`, r]));
      const keep = push.changes.map((c) => held.has(c.seq) || !supersededByOwnWrite(byKey.get(`${c.entity}/${c.id}`), c, header.clientId, account.id));
      summary.superseded += keep.filter((k) => !k).length;
      const kept = { ...push, changes: push.changes.filter((_, j) => keep[j]), contentHashes: push.contentHashes?.filter((_, j) => keep[j]) };
      if (kept.changes.length > 0) results.push(...(await applyPush(ctx, account, kept)).results);
    }
    for (const r of results) {
      if (held.has(r.seq)) summary.alreadyHeld++;
      else summary[r.status]++;
    }
  }
  summary.attachmentsStored = await storeAttachments(ctx, account, header.clientId, payload.attachments, at);
  await ctx.store.appendAudit({
    at, userId: importer.id, deviceId: importerClientId, township: account.township, action: 'handover.imported',
    detail: { ...summary, via },
  });
  return summary;
}
