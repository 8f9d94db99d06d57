import { z } from 'zod';

/** The query of GET /api/admin/records (sync-server/src/routes/admin-records.ts), paged by server sequence. */
export const adminRecordsQuerySchema = z.object({
  entity: z.string().min(1).max(32).optional(),
  township: z.string().min(1).max(64).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** A stored record as the administration pages see it. */
export const adminRecordSchema = z.object({
  entity: z.string(),
  id: z.string(),
  /** The township code it is stored under; null for county-wide reference data. */
  township: z.string().nullable(),
  version: z.number(),
  serverSeq: z.number(),
  fields: z.record(z.string(), z.unknown()),
  createdBy: z.string().nullable(),
  updatedBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deleted: z.boolean(),
});
export type AdminRecord<T = Record<string, unknown>> = Omit<z.infer<typeof adminRecordSchema>, 'fields'> & { fields: T };

export const adminRecordsPageSchema = z.object({ records: z.array(adminRecordSchema), cursor: z.number(), hasMore: z.boolean() });
export type AdminRecordsPage = z.infer<typeof adminRecordsPageSchema>;
export const adminRecordResponseSchema = z.object({ record: adminRecordSchema });
