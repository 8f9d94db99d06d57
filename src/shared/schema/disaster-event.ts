import { z } from 'zod';
import { idSchema, isoDate, townshipCode } from './common';

export const HAZARD_TYPES = ['flood', 'waterlogging', 'landslide', 'typhoon', 'earthquake', 'drought', 'snow', 'other'] as const;

/** A disaster event (relocation-relief.md): created by the county on the server, pulled by tablets. */
export const disasterEventSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(100),
  hazard: z.enum(HAZARD_TYPES),
  subType: z.string().max(50).optional(),
  startDate: isoDate,
  townships: z.array(townshipCode).min(1),
  villages: z.array(z.string().max(100)).optional(),
  status: z.enum(['active', 'closed']),
});
export type DisasterEvent = z.infer<typeof disasterEventSchema>;
