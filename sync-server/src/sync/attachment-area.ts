import { FIELD_ENTITIES } from '../../../src/shared/protocol/entities';
import { townshipsEquivalentTo } from '../../../src/shared/rules/areas/townships-of-county';
import type { AppContext } from '../context';
import { appError } from '../errors';
import type { UserRow } from '../store/store';

/**
 * SPEC A6, A10: a photo or signature uploaded for a record (`?recordId=`) must go into the record's
 * area: `area` (the township the upload is stored under, already checked readable by the caller) and
 * the record's township must be one area in the division registry. Records keep the code they were
 * written under, so a record of a provisional township that has since got its official code (retired
 * with its successor) is in the official township's area. A record the server does not have yet is not
 * refused (T1: records come first, but another tablet's may still be on its way). Refused uploads are
 * audited and store nothing.
 */
export async function checkAttachmentRecord(ctx: AppContext, user: UserRow, deviceId: string, recordId: string | undefined, sha256: string, area: string): Promise<void> {
  if (!recordId) return;
  let sameArea: string[] | null = null;
  for (const entity of FIELD_ENTITIES) {
    const record = await ctx.store.getRecord(entity, recordId);
    if (!record || record.township === null || record.township === area) continue;
    sameArea ??= townshipsEquivalentTo(await ctx.store.listDivisions(), area);
    if (sameArea.includes(record.township)) continue;
    await ctx.store.appendAudit({
      at: ctx.clock().toISOString(), userId: user.id, deviceId, township: area, action: 'attachment.denied',
      entity: 'attachment', recordId, detail: { sha256, code: 'OUT_OF_AREA', entity },
    });
    throw appError('OUT_OF_AREA');
  }
}
