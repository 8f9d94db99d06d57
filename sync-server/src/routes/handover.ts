import type { FastifyInstance } from 'fastify';
import {
  HANDOVER_MAX_FILE_BYTES,
  handoverKeyRegistrationSchema,
  heldRequestSchema,
} from '../../../src/shared/protocol/handover-format';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { AppError, appError } from '../errors';
import type { UserRow } from '../store/store';
import { heldResults } from '../handover/held';
import { importHandoverFile } from '../handover/import-file';
import { handoverKeyIdOf } from '../handover/open-file';
import { handoverServerKey } from '../handover/server-key';

const HELD_MAX_BODY_BYTES = 512 * 1024;

/**
 * The hand-over file (SPEC F1–F11, issue 17):
 * POST /api/handover/keys — at an online login the tablet registers its signing key for the session's
 *   (client, account) and hears the server's public key (F1, F4);
 * POST /api/handover/import — a supervisor or an administrator uploads a file (F7–F9, F11);
 * POST /api/handover/carry — a courier tablet passes a colleague's file on (F12);
 * POST /api/sync/held — before a push, the tablet asks which of its queued changes are held (F10).
 */
export async function handoverRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post('/api/handover/keys', { bodyLimit: 4096, preHandler: requireAuth(ctx) }, async (request) => {
    const { user, device } = caller(request);
    const { publicKey } = handoverKeyRegistrationSchema.parse(request.body);
    const keyId = handoverKeyIdOf(publicKey);
    const at = ctx.clock().toISOString();
    const stored = await ctx.store.putHandoverKey({ clientId: device.id, userId: user.id, keyId, publicKey: JSON.stringify(publicKey), registeredAt: at });
    if (stored) {
      await ctx.store.appendAudit({ at, userId: user.id, deviceId: device.id, township: user.township, action: 'handover.key_registered', detail: { keyId } });
    }
    return { keyId, serverKey: (await handoverServerKey(ctx)).publicKey };
  });

  app.post('/api/sync/held', { bodyLimit: HELD_MAX_BODY_BYTES, preHandler: requireAuth(ctx) }, async (request) => {
    const { user } = caller(request);
    return heldResults(ctx, user, heldRequestSchema.parse(request.body));
  });

  /** F9: a file refused whole is audited with its code (out-of-scope files are audited where they are refused). */
  async function audited<T>(user: UserRow, deviceId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof AppError && ['HANDOVER_NOT_A_FILE', 'HANDOVER_VERSION_UNSUPPORTED', 'HANDOVER_DAMAGED', 'HANDOVER_KEY_UNKNOWN'].includes(err.code)) {
        await ctx.store.appendAudit({ at: ctx.clock().toISOString(), userId: user.id, deviceId, township: user.township, action: 'handover.refused', detail: { code: err.code } });
      }
      throw err;
    }
  }

  // Raw bytes only on this route, in a scope of its own (as for attachments): elsewhere they stay 415.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: HANDOVER_MAX_FILE_BYTES }, (_request, body, done) => {
      done(null, typeof body === 'string' ? Buffer.from(body) : body);
    });
    scope.post('/api/handover/import', { bodyLimit: HANDOVER_MAX_FILE_BYTES, preHandler: requireAuth(ctx, ['admin', 'supervisor']) }, async (request) => {
      const { user, device } = caller(request);
      const body = request.body;
      if (!Buffer.isBuffer(body)) throw appError('UNSUPPORTED_MEDIA_TYPE');
      return audited(user, device.id, () => importHandoverFile(ctx, user, device.id, new Uint8Array(body.buffer, body.byteOffset, body.byteLength)));
    });
    // F12: any account's tablet passes on a colleague's file it carried; applied for the account that signed it.
    scope.post('/api/handover/carry', { bodyLimit: HANDOVER_MAX_FILE_BYTES, preHandler: requireAuth(ctx) }, async (request) => {
      const { user, device } = caller(request);
      const body = request.body;
      if (!Buffer.isBuffer(body)) throw appError('UNSUPPORTED_MEDIA_TYPE');
      return audited(user, device.id, () => importHandoverFile(ctx, user, device.id, new Uint8Array(body.buffer, body.byteOffset, body.byteLength), 'courier'));
    });
  });
}
