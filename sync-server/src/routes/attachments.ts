import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { idSchema } from '../../../src/shared/schema/common';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError } from '../errors';
import type { AttachmentRow, UserRow } from '../store/store';
import { checkAttachmentRecord } from '../sync/attachment-area';
import { mayReadTownship } from '../sync/scope';

const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'sha256.invalid');
const areaSchema = z.string().trim().min(1).max(64);
const missingSchema = z.object({ hashes: z.array(sha256Schema).max(1000), township: areaSchema.optional() });
const putQuerySchema = z.object({ recordId: idSchema.optional(), township: areaSchema.optional() });
const getQuerySchema = z.object({ township: areaSchema.optional() });

/** The image types the app shows (photos, signatures): served as themselves. Never SVG (it can script). */
const SHOWN_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);

/**
 * The area an upload or a `missing` question is about (SPEC T3): a worker's own township; a supervisor
 * or an administrator names one (`township`), which must be an area they may read.
 */
async function callerArea(ctx: AppContext, user: UserRow, named: string | undefined): Promise<string> {
  const area = named ?? user.township;
  if (!area) throw appError('VALIDATION_FAILED', { issues: [{ path: 'township', message: 'required' }] });
  if (!(await mayReadTownship(ctx.store, user, area))) throw appError('OUT_OF_AREA');
  return area;
}

/** SPEC T4: a safe type, no sniffing, and a download unless it is an image type the app shows. */
function sendAttachment(reply: FastifyReply, a: AttachmentRow) {
  const shown = SHOWN_TYPES.has(a.contentType);
  void reply
    .header('content-type', shown ? a.contentType : 'application/octet-stream')
    .header('x-content-type-options', 'nosniff')
    // Even opened directly, the bytes run no script and load nothing.
    .header('content-security-policy', "default-src 'none'; sandbox")
    // Photos are personal data: never kept in the browser's HTTP cache (http/no-store.ts).
    .header('cache-control', 'no-store');
  if (!shown) void reply.header('content-disposition', `attachment; filename="${a.sha256}"`);
  return reply.send(a.bytes);
}

/**
 * SPEC T1–T4: photos and signatures, addressed by the SHA-256 of their bytes, uploaded after their
 * records on a channel of their own. Asking which are missing first makes a cut upload resume.
 * Visible by (area, hash): the same bytes uploaded by two townships are held for each, and nobody
 * learns from `missing` what another area holds (issue 11 §5).
 */
export async function attachmentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post('/api/attachments/missing', { preHandler: requireAuth(ctx) }, async (request) => {
    const { user } = caller(request);
    const { hashes, township } = missingSchema.parse(request.body);
    return { missing: await ctx.store.missingAttachments(await callerArea(ctx, user, township), hashes) };
  });

  app.get('/api/attachments/:sha256', { preHandler: requireAuth(ctx) }, async (request, reply) => {
    const { user } = caller(request);
    const sha256 = sha256Schema.parse((request.params as { sha256: string }).sha256);
    const { township } = getQuerySchema.parse(request.query);
    if (township && !(await mayReadTownship(ctx.store, user, township))) throw appError('OUT_OF_AREA');
    const areas = township ? [township] : await ctx.store.attachmentTownships(sha256);
    for (const area of areas) {
      if (!(await mayReadTownship(ctx.store, user, area))) continue;
      const attachment = await ctx.store.getAttachment(area, sha256);
      if (attachment) return sendAttachment(reply, attachment);
    }
    // Held only by areas this account may not read: refused (and audited, http/audit-denials.ts).
    if (!township && areas.length > 0) throw appError('OUT_OF_AREA');
    throw appError('NOT_FOUND');
  });

  // Raw bytes only on this route, in a scope of its own: everywhere else image bodies stay 415.
  await app.register(async (scope) => {
    const asBytes = (_request: unknown, body: string | Buffer, done: (err: null, body: Buffer) => void) => done(null, typeof body === 'string' ? Buffer.from(body) : body);
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, asBytes);
    scope.addContentTypeParser(/^image\/[a-z0-9.+-]+$/, { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, asBytes);
    scope.put('/api/attachments/:sha256', { bodyLimit: MAX_ATTACHMENT_BYTES, preHandler: requireAuth(ctx) }, async (request, reply) => {
      const { user, device } = caller(request);
      const sha256 = sha256Schema.parse((request.params as { sha256: string }).sha256);
      const { recordId, township } = putQuerySchema.parse(request.query);
      const area = await callerArea(ctx, user, township);
      const bytes = request.body;
      if (!Buffer.isBuffer(bytes)) throw appError('UNSUPPORTED_MEDIA_TYPE');
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== sha256) throw appError('VALIDATION_FAILED', { issues: [{ path: 'sha256', message: 'sha256.mismatch' }], actual });
      await checkAttachmentRecord(ctx, user, device.id, recordId, sha256, area);
      const at = ctx.clock().toISOString();
      const contentType = String(request.headers['content-type']).split(';')[0]!.trim().toLowerCase();
      const stored = await ctx.store.putAttachment({
        sha256, bytes, size: bytes.length, contentType, recordId: recordId ?? null, township: area, uploadedBy: user.id, createdAt: at,
      });
      if (stored) {
        await ctx.store.appendAudit({
          at, userId: user.id, deviceId: device.id, township: area, action: 'attachment.upload',
          entity: 'attachment', recordId: recordId ?? null, detail: { sha256, size: bytes.length },
        });
      }
      // Idempotent: the same bytes again into the same area are a success that stores nothing.
      return reply.status(stored ? 201 : 200).send({ sha256, size: bytes.length, stored });
    });
  });
}
