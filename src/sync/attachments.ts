import { openBytes } from '../security/seal';
import { patchRow } from '../db/patch-row';
import type { SyncContext } from './sync-context';

const CHUNK = 500;

/**
 * Uploads the attachments the server lacks (rules T1, T2), after the records: ask which hashes are
 * missing, PUT only those, one by one, so a cut upload resumes where it stopped. Returns the number
 * that failed; a failure never stops the others, nor the records (they were pushed already).
 */
export async function uploadAttachments(ctx: SyncContext): Promise<{ uploaded: number; failed: number; error: unknown }> {
  const { db } = ctx;
  const hashes = (await db.attachments.where('uploaded').equals(0).primaryKeys()) as string[];
  let uploaded = 0;
  let failed = 0;
  let error: unknown = null;
  for (let i = 0; i < hashes.length; i += CHUNK) {
    const chunk = hashes.slice(i, i + CHUNK);
    const missing = new Set(await ctx.api.attachmentsMissing(ctx.token, chunk));
    const present = chunk.filter((h) => !missing.has(h));
    for (const h of present) await patchRow(db.attachments, h, { uploaded: 1 });
    for (const sha of missing) {
      try {
        const row = await db.attachments.get(sha);
        if (!row) continue;
        const bytes = await openBytes(ctx.keys.dataKey, sha, row.sealed);
        await ctx.api.putAttachment(ctx.token, sha, bytes, row.contentType, row.recordId);
        await patchRow(db.attachments, sha, { uploaded: 1 });
        uploaded++;
      } catch (e) {
        failed++;
        error = e;
      }
    }
  }
  return { uploaded, failed, error };
}
