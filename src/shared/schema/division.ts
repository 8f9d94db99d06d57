import { z } from 'zod';
import { DIVISION_CODE_PATTERN } from '../rules/areas/division-code';
import { normaliseDivisionName } from '../rules/areas/normalise-division-name';

/** Levels of China's statistical division code (统计用区划代码), top down (domain/areas.md). */
export const DIVISION_LEVELS = ['province', 'city', 'county', 'township', 'village'] as const;
export type DivisionLevel = (typeof DIVISION_LEVELS)[number];

/** A 12-character division code: official (12 digits) or provisional (`L` + 11 digits, see division-code.ts). */
export const divisionCodeSchema = z.string().regex(DIVISION_CODE_PATTERN, 'division.code.invalid');

/** A name as stored: normalised (NFKC, zero-width removed, trimmed) before any length check or comparison. */
export const divisionNameSchema = z
  .string()
  .transform(normaliseDivisionName)
  .pipe(z.string().min(1, 'required').max(50, 'division.name.tooLong'));

/**
 * One division of the registry. Never deleted: a division that changes is retired with its successor,
 * and everything written under its code keeps that code (areas.md).
 */
const divisionSchema = z.object({
  code: divisionCodeSchema,
  name: divisionNameSchema,
  level: z.enum(DIVISION_LEVELS),
  /** null for a province. */
  parentCode: divisionCodeSchema.nullable(),
  status: z.enum(['active', 'retired']),
  /** Set when retired: the division that took over (its chain may go on). */
  successorCode: divisionCodeSchema.nullable(),
  /** A local code made by the upgrade from a township name: the administrator still has to enter the official one. */
  provisional: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Division = z.infer<typeof divisionSchema>;

/** What an administrator adds: the level and the parent follow from the code. */
export const newDivisionSchema = z.object({ code: divisionCodeSchema, name: divisionNameSchema });
export type NewDivision = z.infer<typeof newDivisionSchema>;
