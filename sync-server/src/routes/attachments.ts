import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idSchema } from '../../../src/shared/schema/common';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { checkAttachmentRecord } from '../sync/attachment-area';
import { mayReadTownship } from '../sync/scope';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'sha256.invalid');
const missingSchema = z.object({ hashes: z.array(sha256Schema).max(1000) });
const putQuerySchema = z.object({ recordId: idSchema.optional() });

/**
 * SPEC T1–T2: photos and signatures, addressed by the SHA-256 of their bytes, uploaded after their
 * records on a channel of their own. Asking which are missing first makes a cut upload resume.
 */
export async function attachmentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post('/api/attachments/missing', { preHandler: requireAuth(ctx) }, async (request) => {
    const { hashes } = missingSchema.parse(request.body);
    return { missing: await ctx.store.missingAttachments(hashes) };
  });

  app.get('/api/attachments/:sha256', { preHandler: requireAuth(ctx) }, async (request, reply) => {
    const { user } = caller(request);
    const sha256 = sha256Schema.parse((request.params as { sha256: string }).sha256);
    const meta = await ctx.store.getAttachmentMeta(sha256);
    if (!meta) throw appError('NOT_FOUND');
    if (!(await mayReadTownship(ctx.store, user, meta.township))) throw appError('OUT_OF_AREA');
    const attachment = (await ctx.store.getAttachment(sha256))!;
    return reply
      .header('content-type', attachment.contentType)
      // Photos are personal data: never kept in the browser's HTTP cache (http/no-store.ts).
      .header('cache-control', 'no-store')
      .send(attachment.bytes);
  });

  // Raw bytes only on this route, in a scope of its own: everywhere else image bodies stay 415.
  await app.register(async (scope) => {
    const asBytes = (_request: unknown, body: string | Buffer, done: (err: null, body: Buffer) => void) => done(null, typeof body === 'string' ? Buffer.from(body) : body);
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, asBytes);
    scope.addContentTypeParser(/^image\/[a-z0-9.+-]+$/, { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, asBytes);
    scope.put('/api/attachments/:sha256', { bodyLimit: MAX_ATTACHMENT_BYTES, preHandler: requireAuth(ctx) }, async (request, reply) => {
      const { user, device } = caller(request);
      const sha256 = sha256Schema.parse((request.params as { sha256: string }).sha256);
      const { recordId } = putQuerySchema.parse(request.query);
      const bytes = request.body;
      if (!Buffer.isBuffer(bytes)) throw appError('UNSUPPORTED_MEDIA_TYPE');
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== sha256) throw appError('VALIDATION_FAILED', { issues: [{ path: 'sha256', message: 'sha256.mismatch' }], actual });
      await checkAttachmentRecord(ctx, user, device.id, recordId, sha256);
      const at = ctx.clock().toISOString();
      const contentType = String(request.headers['content-type']).split(';')[0]!.trim().toLowerCase();
      const stored = await ctx.store.putAttachment({
        sha256, bytes, size: bytes.length, contentType, recordId: recordId ?? null, township: user.township, uploadedBy: user.id, createdAt: at,
      });
      if (stored) {
        await ctx.store.appendAudit({
          at, userId: user.id, deviceId: device.id, township: user.township, action: 'attachment.upload',
          entity: 'attachment', recordId: recordId ?? null, detail: { sha256, size: bytes.length },
        });
      }
      // Idempotent: the same bytes again are a success that stores nothing.
      return reply.status(stored ? 201 : 200).send({ sha256, size: bytes.length, stored });
    });
  });
}
