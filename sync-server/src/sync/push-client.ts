import type { AuthContext } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError } from '../errors';

/**
 * SPEC A4–A5: the client id a push names must be one of the pushing account's. A tablet that moved its
 * unsent changes to a fresh client id (P9) names the new id in its next push: the server binds it to the
 * account there (no extra round trip, and no window in which the tablet holds an id the server refuses),
 * and moves the session to it so pulls stop echoing the tablet's own writes (L3).
 * An id another account holds is refused with CLIENT_ID_TAKEN before anything is written; the tablet
 * then moves to another fresh id.
 */
export async function bindPushClient(ctx: AppContext, auth: AuthContext, clientId: string): Promise<void> {
  const { user, device, session } = auth;
  const at = ctx.clock().toISOString();
  const refuse = async (from: string) => {
    await ctx.store.appendAudit({ at, userId: user.id, deviceId: clientId, township: user.township, action: 'sync.refused', detail: { code: 'CLIENT_ID_TAKEN', session: from } });
    throw appError('CLIENT_ID_TAKEN');
  };
  if (clientId === device.id) {
    // A session made before client ids were bound may sit on an id another account has since taken.
    if (device.userId !== user.id) await refuse(device.id);
    return;
  }
  const outcome = await ctx.store.bindClient({ id: clientId, userId: user.id, name: device.name, tabletId: device.tabletId ?? null, lastSeen: at });
  if (!outcome.bound) await refuse(device.id);
  if (outcome.device.revoked) throw appError('DEVICE_REVOKED');
  await ctx.store.moveSession(session.tokenHash, clientId);
  await ctx.store.appendAudit({ at, userId: user.id, deviceId: clientId, township: user.township, action: 'sync.client_moved', detail: { from: device.id } });
}
