import type { z } from 'zod';
import type { FieldEntity } from '../protocol/entities';
import { displacedHouseholdSchema, HOUSEHOLD_FORM_VERSION } from './displaced-household';

/**
 * The schema of each entity a tablet may write, and the form versions the server accepts (SPEC V4:
 * the current and the previous one). `upgrade` turns an older form version's fields into the current shape.
 */
export interface EntityDefinition {
  schema: z.ZodType;
  formVersion: number;
  acceptedFormVersions: readonly number[];
  upgrade?: (fields: Record<string, unknown>, fromVersion: number) => Record<string, unknown>;
}

export const ENTITY_DEFINITIONS: Partial<Record<FieldEntity, EntityDefinition>> = {
  household: {
    schema: displacedHouseholdSchema,
    formVersion: HOUSEHOLD_FORM_VERSION,
    acceptedFormVersions: [HOUSEHOLD_FORM_VERSION],
  },
};
