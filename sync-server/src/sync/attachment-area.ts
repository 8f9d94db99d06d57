import { FIELD_ENTITIES } from '../../../src/shared/protocol/entities';
import type { AppContext } from '../context';
import { appError } from '../errors';
import type { UserRow } from '../store/store';

/**
 * SPEC A6: a photo or signature uploaded for a record (`?recordId=`) must be for a record of the
 * uploader's township. A record the server does not have yet is not refused (T1: records come first,
 * but another tablet's may still be on its way). Refused uploads are audited and store nothing.
 */
export async function checkAttachmentRecord(ctx: AppContext, user: UserRow, deviceId: string, recordId: string | undefined, sha256: string): Promise<void> {
  if (!recordId) return;
  for (const entity of FIELD_ENTITIES) {
    const record = await ctx.store.getRecord(entity, recordId);
    if (!record || record.township === null || record.township === user.township) continue;
    await ctx.store.appendAudit({
      at: ctx.clock().toISOString(), userId: user.id, deviceId, township: user.township, action: 'attachment.denied',
      entity: 'attachment', recordId, detail: { sha256, code: 'OUT_OF_AREA', entity },
    });
    throw appError('OUT_OF_AREA');
  }
}
