import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  accountEditSchema, newUserSchema as newUserBodySchema, setPasswordSchema, usernameSchema,
  type AdminUserResponse, type AdminUsersResponse,
} from '../../../src/shared/protocol/admin/accounts';
import { caller, requireAuth } from '../auth/authenticate';
import { validateAccountArea } from '../areas/validate-account-area';
import { changeAccount } from '../auth/change-account';
import { createUser } from '../auth/create-user';
import { passwordSchema } from '../auth/password-schema';
import { hashPassword } from '../auth/password';
import { adminUserView } from '../auth/public-user';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { StoreConflictError } from '../store/store';
import { visibleAccounts } from '../sync/scope';

export { usernameSchema, accountEditSchema };
export { passwordSchema };

/** The shared body with the full password policy on top (the policy's dictionaries live on the server). */
export const newUserSchema = newUserBodySchema.extend({ password: passwordSchema });

const idParam = z.object({ id: z.string().min(1).max(64) });

/** Accounts: administrators manage them, supervisors see those of their area (a county, city or province: A9). */
export function adminUserRoutes(app: FastifyInstance, ctx: AppContext): void {
  const audit = (userId: string, action: string, recordId: string, detail: Record<string, unknown>) =>
    ctx.store.appendAudit({ at: ctx.clock().toISOString(), userId, deviceId: null, township: null, action, entity: 'user', recordId, detail });

  app.get('/api/admin/users', { preHandler: requireAuth(ctx, ['admin', 'supervisor']) }, async (request) => {
    const { user } = caller(request);
    return { users: (await visibleAccounts(ctx.store, user)).map(adminUserView) } satisfies AdminUsersResponse;
  });

  app.post('/api/admin/users', { preHandler: requireAuth(ctx, ['admin']) }, async (request, reply) => {
    const admin = caller(request).user;
    const body = newUserSchema.parse(request.body);
    try {
      // A worker's township scopes everything it reads and writes (privacy.md §1), a supervisor's county
      // likewise: both must be codes of active divisions in the registry (issue 10).
      const area = await validateAccountArea(ctx.store, body.role, body);
      const created = await createUser(ctx, { ...body, ...area });
      await audit(admin.id, 'user.create', created.id, { username: created.username, role: created.role, township: created.township });
      return reply.status(201).send({ user: adminUserView(created) } satisfies AdminUserResponse);
    } catch (err) {
      if (err instanceof StoreConflictError) throw appError('ALREADY_EXISTS', { username: body.username });
      throw err;
    }
  });

  const setDisabled = (disabled: boolean) => async (request: FastifyRequest) => {
    const admin = caller(request).user;
    const { id } = idParam.parse(request.params);
    if (id === admin.id && disabled) throw appError('FORBIDDEN', { reason: 'an administrator cannot disable their own account' });
    // Disabling refuses every session at once (A3); enabling deletes them, so no old token comes back (A7).
    const updated = await changeAccount(ctx, id, { disabled }, disabled ? 'user.disable' : 'user.enable', { userId: admin.id });
    if (!updated) throw appError('NOT_FOUND');
    return { user: adminUserView(updated) } satisfies AdminUserResponse;
  };
  app.post('/api/admin/users/:id/disable', { preHandler: requireAuth(ctx, ['admin']) }, setDisabled(true));
  app.post('/api/admin/users/:id/enable', { preHandler: requireAuth(ctx, ['admin']) }, setDisabled(false));

  // Role, area and display name (issue 10 §7). A role or area change ends the account's sessions (A7);
  // the changes its tablets saved before are still accepted under the area they were made in (A8).
  app.patch('/api/admin/users/:id', { preHandler: requireAuth(ctx, ['admin']) }, async (request) => {
    const admin = caller(request).user;
    const { id } = idParam.parse(request.params);
    const edit = accountEditSchema.parse(request.body);
    const updated = await changeAccount(ctx, id, edit, 'user.update', { userId: admin.id });
    if (!updated) throw appError('NOT_FOUND');
    return { user: adminUserView(updated) } satisfies AdminUserResponse;
  });

  app.post('/api/admin/users/:id/password', { preHandler: requireAuth(ctx, ['admin']) }, async (request) => {
    const admin = caller(request).user;
    const { id } = idParam.parse(request.params);
    const { password } = setPasswordSchema.extend({ password: passwordSchema }).parse(request.body);
    // Every session of the account ends with the old password (SPEC A7, issue 10 finding 7).
    const updated = await changeAccount(ctx, id, { passwordHash: await hashPassword(password, ctx.config.scryptCost) }, 'user.password', { userId: admin.id });
    if (!updated) throw appError('NOT_FOUND');
    return { user: adminUserView(updated) } satisfies AdminUserResponse;
  });
}
