import { z } from 'zod';
import { gpsSchema, idSchema, isoDate, nonNegInt, phoneSchema, townshipCode } from './common';

export const SITE_TYPES = ['school', 'gymnasium', 'tents', 'public-building', 'other'] as const;

/**
 * A centralised shelter site (集中安置点). Occupancy is derived from check-ins and check-outs,
 * never typed (relocation-relief.md), so it is not a field here.
 */
export const shelterSiteSchema = z.object({
  id: idSchema,
  eventId: idSchema.optional(),
  name: z.string().min(1).max(100),
  type: z.enum(SITE_TYPES),
  township: townshipCode,
  gps: gpsSchema.optional(),
  capacity: nonNegInt,
  floorArea: z.number().min(0),
  waterPoints: nonNegInt.default(0),
  toilets: nonNegInt.default(0),
  medicalPoint: z.boolean().default(false),
  manager: z.string().max(50).optional(),
  managerPhone: phoneSchema.optional(),
  openedOn: isoDate,
  closedOn: isoDate.optional(),
});
export type ShelterSite = z.infer<typeof shelterSiteSchema>;

/** The Sphere minimum of covered living space per person. */
export const SPHERE_MIN_M2_PER_PERSON = 3.5;
