import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { visibleAccounts } from '../sync/scope';

const idParam = z.object({ id: z.string().min(1).max(64) });

/** Devices: a lost tablet is revoked here (SPEC A3); supervisors see their county's. */
export function adminDeviceRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/devices', { preHandler: requireAuth(ctx, ['admin', 'supervisor']) }, async (request) => {
    const { user } = caller(request);
    const users = await visibleAccounts(ctx.store, user);
    const byId = new Map(users.map((u) => [u.id, u]));
    const devices = await ctx.store.listDevices(user.role === 'admin' ? {} : { userIds: [...byId.keys()] });
    return {
      devices: devices.map((d) => ({ ...d, username: byId.get(d.userId)?.username ?? null, township: byId.get(d.userId)?.township ?? null })),
    };
  });

  const setRevoked = (revoked: boolean) => async (request: FastifyRequest) => {
    const admin = caller(request).user;
    const { id } = idParam.parse(request.params);
    if (!(await ctx.store.setDeviceRevoked(id, revoked))) throw appError('NOT_FOUND');
    await ctx.store.appendAudit({
      at: ctx.clock().toISOString(), userId: admin.id, deviceId: null, township: null,
      action: revoked ? 'device.revoke' : 'device.restore', entity: 'device', recordId: id, detail: {},
    });
    return { device: await ctx.store.getDevice(id) };
  };
  app.post('/api/admin/devices/:id/revoke', { preHandler: requireAuth(ctx, ['admin']) }, setRevoked(true));
  app.post('/api/admin/devices/:id/restore', { preHandler: requireAuth(ctx, ['admin']) }, setRevoked(false));
}
