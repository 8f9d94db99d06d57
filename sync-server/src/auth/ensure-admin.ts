import type { AppContext } from '../context';
import { createUser } from './create-user';

/**
 * The first start creates the administrator (role admin, no township). The password is ADMIN_PASSWORD,
 * or a generated one that is returned so main.ts can print it once; it is stored only as a hash.
 */
export async function ensureAdmin(
  ctx: Pick<AppContext, 'store' | 'clock' | 'random' | 'config'>,
): Promise<{ created: boolean; username: string; generatedPassword: string | null }> {
  const username = ctx.config.adminUsername;
  if (await ctx.store.getUserByUsername(username)) return { created: false, username, generatedPassword: null };
  const generatedPassword = ctx.config.adminPassword ? null : ctx.random.bytes(12).toString('base64url');
  const user = await createUser(ctx, {
    username,
    password: ctx.config.adminPassword ?? generatedPassword!,
    role: 'admin',
    township: null,
    county: null,
    displayName: 'Administrator',
  });
  await ctx.store.appendAudit({
    at: ctx.clock().toISOString(), userId: null, deviceId: null, township: null, action: 'user.create',
    entity: 'user', recordId: user.id, detail: { username, role: 'admin', by: 'first-start' },
  });
  return { created: true, username, generatedPassword };
}
