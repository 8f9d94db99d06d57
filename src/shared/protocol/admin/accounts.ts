import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from '../../rules/password-policy';

/**
 * The account routes of the admin API (sync-server/src/routes/admin-users.ts), declared once for the
 * server, the `user` command and the admin page (src/features/admin/admin-api.ts).
 */
export const ROLES = ['worker', 'supervisor', 'admin'] as const;
export const roleSchema = z.enum(ROLES);

export const usernameSchema = z.string().regex(/^[A-Za-z0-9_.@-]{2,64}$/, 'username.invalid');

/** An area as the body names it: a division code, which the server checks against the registry (validate-account-area.ts). */
const areaCode = z.string().trim().min(1).max(64);

/**
 * A new password on the wire. The server adds the full password policy (zxcvbn, auth/password-schema.ts);
 * the page checks the same policy before sending (shared/rules/password-policy.ts).
 */
export const passwordTextSchema = z.string().max(PASSWORD_MAX_LENGTH, 'password.tooLong');

/** POST /api/admin/users. */
export const newUserSchema = z.object({
  username: usernameSchema,
  password: passwordTextSchema,
  role: roleSchema,
  township: areaCode.nullish(),
  county: areaCode.nullish(),
  displayName: z.string().trim().max(50).optional(),
});
export type NewUser = z.input<typeof newUserSchema>;

/** PATCH /api/admin/users/:id (issue 10 §7): any of these, at least one. Null clears an area. */
export const accountEditSchema = z
  .object({
    role: roleSchema.optional(),
    township: areaCode.nullable().optional(),
    county: areaCode.nullable().optional(),
    displayName: z.string().trim().min(1).max(50).optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'nothing to change' });
export type AccountEdit = z.input<typeof accountEditSchema>;

/** POST /api/admin/users/:id/password. */
export const setPasswordSchema = z.object({ password: passwordTextSchema });

/** An account as the admin routes answer it (never the password hash or the unlock secret). */
export const adminUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  /** A worker's township code; null otherwise. */
  township: z.string().nullable(),
  /** A worker's county, a supervisor's county, city or province code (SPEC A9); null for an administrator. */
  county: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const adminUsersResponseSchema = z.object({ users: z.array(adminUserSchema) });
export const adminUserResponseSchema = z.object({ user: adminUserSchema });
export type AdminUsersResponse = z.infer<typeof adminUsersResponseSchema>;
export type AdminUserResponse = z.infer<typeof adminUserResponseSchema>;
