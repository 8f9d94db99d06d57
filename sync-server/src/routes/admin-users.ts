import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { caller, requireAuth } from '../auth/authenticate';
import { createUser } from '../auth/create-user';
import { passwordSchema } from '../auth/password-schema';
import { hashPassword } from '../auth/password';
import { adminUserView } from '../auth/public-user';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { StoreConflictError } from '../store/store';

export const usernameSchema = z.string().regex(/^[A-Za-z0-9_.@-]{2,64}$/, 'username.invalid');
export { passwordSchema };
const place = z.string().trim().min(1).max(64);

export const newUserSchema = z
  .object({
    username: usernameSchema,
    password: passwordSchema,
    role: z.enum(['worker', 'supervisor', 'admin']),
    township: place.nullish(),
    county: place.nullish(),
    displayName: z.string().trim().max(50).optional(),
  })
  .superRefine((v, ctx) => {
    // A worker's township scopes everything it reads and writes (privacy.md §1); a supervisor's county likewise.
    if (v.role === 'worker' && !v.township) ctx.addIssue({ code: 'custom', path: ['township'], message: 'required' });
    if (v.role === 'supervisor' && !v.county) ctx.addIssue({ code: 'custom', path: ['county'], message: 'required' });
  });

const idParam = z.object({ id: z.string().min(1).max(64) });

/** Accounts: administrators manage them, supervisors see those of their county. */
export function adminUserRoutes(app: FastifyInstance, ctx: AppContext): void {
  const audit = (userId: string, action: string, recordId: string, detail: Record<string, unknown>) =>
    ctx.store.appendAudit({ at: ctx.clock().toISOString(), userId, deviceId: null, township: null, action, entity: 'user', recordId, detail });

  app.get('/api/admin/users', { preHandler: requireAuth(ctx, ['admin', 'supervisor']) }, async (request) => {
    const { user } = caller(request);
    const users = user.role === 'admin' ? await ctx.store.listUsers() : user.county ? await ctx.store.listUsers({ county: user.county }) : [user];
    return { users: users.map(adminUserView) };
  });

  app.post('/api/admin/users', { preHandler: requireAuth(ctx, ['admin']) }, async (request, reply) => {
    const admin = caller(request).user;
    const body = newUserSchema.parse(request.body);
    try {
      const created = await createUser(ctx, { ...body, township: body.township ?? null, county: body.county ?? null });
      await audit(admin.id, 'user.create', created.id, { username: created.username, role: created.role, township: created.township });
      return reply.status(201).send({ user: adminUserView(created) });
    } catch (err) {
      if (err instanceof StoreConflictError) throw appError('ALREADY_EXISTS', { username: body.username });
      throw err;
    }
  });

  const setDisabled = (disabled: boolean) => async (request: FastifyRequest) => {
    const admin = caller(request).user;
    const { id } = idParam.parse(request.params);
    if (id === admin.id && disabled) throw appError('FORBIDDEN', { reason: 'an administrator cannot disable their own account' });
    const updated = await ctx.store.updateUser(id, { disabled });
    if (!updated) throw appError('NOT_FOUND');
    await audit(admin.id, disabled ? 'user.disable' : 'user.enable', id, {});
    return { user: adminUserView(updated) };
  };
  app.post('/api/admin/users/:id/disable', { preHandler: requireAuth(ctx, ['admin']) }, setDisabled(true));
  app.post('/api/admin/users/:id/enable', { preHandler: requireAuth(ctx, ['admin']) }, setDisabled(false));

  app.post('/api/admin/users/:id/password', { preHandler: requireAuth(ctx, ['admin']) }, async (request) => {
    const admin = caller(request).user;
    const { id } = idParam.parse(request.params);
    const { password } = z.object({ password: passwordSchema }).parse(request.body);
    const updated = await ctx.store.updateUser(id, { passwordHash: await hashPassword(password, ctx.config.scryptCost) });
    if (!updated) throw appError('NOT_FOUND');
    await audit(admin.id, 'user.password', id, {});
    return { user: adminUserView(updated) };
  });
}
