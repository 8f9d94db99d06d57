import { z } from 'zod';
import { idSchema, isoDateTime, townshipCode } from '../../schema/common';
import { FLAG_RESOLUTIONS } from '../relocation/flag-fields';

export const CASE_FLAG_KIND = 'case-stale-step';

/**
 * A `flag` record the server opens on a case when a step arrives that can no longer follow the steps
 * stored before it (SPEC K5): two tablets offline each recorded a step for one case. Every step is kept;
 * the county sees which ones are stale and by which rule, and resolves the flag (e.g. by a correction).
 * It names no person: ids, rule ids and reason codes only.
 */
export const caseFlagFieldsSchema = z.object({
  kind: z.literal(CASE_FLAG_KIND),
  entity: z.literal('caseStep'),
  caseId: idSchema,
  /** The stale steps, in arrival order. */
  recordIds: z.array(idSchema).min(1),
  reasons: z.array(z.object({ stepId: idSchema, rule: z.string().max(10), reason: z.string().max(80) })),
  townships: z.array(townshipCode),
  status: z.enum(['open', 'resolved']),
  openedAt: isoDateTime,
  resolution: z.object({ action: z.enum(FLAG_RESOLUTIONS), reason: z.string().min(1).max(500), by: z.string(), at: isoDateTime }).optional(),
});

export type CaseFlagFields = z.infer<typeof caseFlagFieldsSchema>;
