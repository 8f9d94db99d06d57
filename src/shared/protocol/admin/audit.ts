import { z } from 'zod';

const isoString = z.string().datetime({ offset: true }).transform((s) => new Date(s).toISOString());

/** The query of GET /api/admin/audit (sync-server/src/routes/admin-audit.ts); `until` is exclusive. */
export const auditQuerySchema = z.object({
  action: z.string().max(64).optional(),
  userId: z.string().max(64).optional(),
  township: z.string().max(64).optional(),
  entity: z.string().max(32).optional(),
  recordId: z.string().max(64).optional(),
  since: isoString.optional(),
  until: isoString.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type AuditQuery = z.input<typeof auditQuerySchema>;

/** One entry of the append-only audit log. */
export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.string().nullable(),
  deviceId: z.string().nullable(),
  /** The township code the entry is about, for display by name. */
  township: z.string().nullable(),
  action: z.string(),
  entity: z.string().nullable(),
  recordId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), nextBefore: z.number().nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;
