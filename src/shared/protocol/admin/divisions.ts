import { z } from 'zod';
import { divisionSchema } from '../../schema/division';

/**
 * The division registry routes (sync-server/src/routes/divisions.ts), declared once for the server and
 * the admin page (src/features/admin/divisions-api.ts, src/features/areas/useDivisions.ts).
 */
export const divisionsResponseSchema = z.object({ divisions: z.array(divisionSchema) });
export type DivisionsResponse = z.infer<typeof divisionsResponseSchema>;

export const divisionResponseSchema = z.object({ division: divisionSchema });
export type DivisionResponse = z.infer<typeof divisionResponseSchema>;

/** POST /api/admin/divisions/:code/official: the official division and the provisional one it succeeded. */
export const officialCodeResponseSchema = z.object({ official: divisionSchema, retired: divisionSchema });
export type OfficialCodeResponse = z.infer<typeof officialCodeResponseSchema>;

/** POST /api/admin/divisions/import. */
export const importResultSchema = z.object({ added: z.number(), skipped: z.number() });
export type ImportResult = z.infer<typeof importResultSchema>;

/** A row the release-1 upgrade could not give an area, waiting for the administrator (README "Areas"). */
export const areaQueueItemSchema = z.object({
  id: z.number(),
  kind: z.enum(['record', 'event-township', 'attachment', 'audit']),
  entity: z.string().nullable(),
  recordId: z.string().nullable(),
  /** event-township: the index in the event's townships list. */
  position: z.number().nullable(),
  sha256: z.string().nullable(),
  auditId: z.number().nullable(),
  /** The township name as release 1 wrote it. */
  writtenTownship: z.string(),
  /** The codes it could be (empty: no account ever named that township). */
  candidates: z.array(z.string()),
  createdAt: z.string(),
  resolvedCode: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type AreaQueueItem = z.infer<typeof areaQueueItemSchema>;

export const areaQueueResponseSchema = z.object({ items: z.array(areaQueueItemSchema) });
export type AreaQueueResponse = z.infer<typeof areaQueueResponseSchema>;
export const areaQueueItemResponseSchema = z.object({ item: areaQueueItemSchema });
export type AreaQueueItemResponse = z.infer<typeof areaQueueItemResponseSchema>;
