import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AdminDevice, AdminDeviceResponse, AdminDevicesResponse } from '../../../src/shared/protocol/admin/devices';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError } from '../errors';
import type { DeviceRow, UserRow } from '../store/store';
import { visibleAccounts } from '../sync/scope';

const idParam = z.object({ id: z.string().min(1).max(64) });

/** A client id with its physical tablet (SPEC A4) and the account bound to it, as the devices page lists it. */
function deviceView(d: DeviceRow, owner: UserRow | undefined): AdminDevice {
  return {
    id: d.id, userId: d.userId, name: d.name, tabletId: d.tabletId ?? null, revoked: d.revoked, lastSeen: d.lastSeen,
    username: owner?.username ?? null, displayName: owner?.displayName ?? null, township: owner?.township ?? null,
  };
}

/** Devices: a lost tablet is revoked here (SPEC A3); supervisors see those of their area's accounts (A9). */
export function adminDeviceRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/devices', { preHandler: requireAuth(ctx, ['admin', 'supervisor']) }, async (request) => {
    const { user } = caller(request);
    const users = await visibleAccounts(ctx.store, user);
    const byId = new Map(users.map((u) => [u.id, u]));
    const devices = await ctx.store.listDevices(user.role === 'admin' ? {} : { userIds: [...byId.keys()] });
    return { devices: devices.map((d) => deviceView(d, byId.get(d.userId))) } satisfies AdminDevicesResponse;
  });

  const setRevoked = (revoked: boolean) => async (request: FastifyRequest) => {
    const admin = caller(request).user;
    const { id } = idParam.parse(request.params);
    if (!(await ctx.store.setDeviceRevoked(id, revoked))) throw appError('NOT_FOUND');
    await ctx.store.appendAudit({
      at: ctx.clock().toISOString(), userId: admin.id, deviceId: null, township: null,
      action: revoked ? 'device.revoke' : 'device.restore', entity: 'device', recordId: id, detail: {},
    });
    const device = (await ctx.store.getDevice(id))!;
    return { device: deviceView(device, (await ctx.store.getUserById(device.userId)) ?? undefined) } satisfies AdminDeviceResponse;
  };
  app.post('/api/admin/devices/:id/revoke', { preHandler: requireAuth(ctx, ['admin']) }, setRevoked(true));
  app.post('/api/admin/devices/:id/restore', { preHandler: requireAuth(ctx, ['admin']) }, setRevoked(false));
}
