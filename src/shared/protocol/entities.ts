/**
 * Kinds of synced record. Tablets write the "field" kinds; the server writes the "reference" kinds
 * (an administrator or supervisor creates them) and tablets only pull them.
 */
export const FIELD_ENTITIES = ['household', 'survey', 'relief'] as const;
const REFERENCE_ENTITIES = ['event', 'site', 'policy', 'entitlement', 'review', 'conflict', 'flag'] as const;
export const ENTITIES = [...FIELD_ENTITIES, ...REFERENCE_ENTITIES] as const;

export type FieldEntity = (typeof FIELD_ENTITIES)[number];

export function isFieldEntity(e: string): e is FieldEntity {
  return (FIELD_ENTITIES as readonly string[]).includes(e);
}
