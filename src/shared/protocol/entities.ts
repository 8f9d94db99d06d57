/**
 * Kinds of synced record. Tablets write the "field" kinds; the server writes the "reference" kinds
 * (an administrator or supervisor creates them) and tablets only pull them.
 */
export const FIELD_ENTITIES = ['household', 'survey', 'relief', 'relief-correction', 'case', 'caseStep'] as const;
// 'calendar': the working-day calendar, one record per year; 'casePolicy': a county's case-lifecycle parameters (issue 15).
export const REFERENCE_ENTITIES = ['event', 'site', 'policy', 'entitlement', 'review', 'conflict', 'flag', 'calendar', 'casePolicy'] as const;
export const ENTITIES = [...FIELD_ENTITIES, ...REFERENCE_ENTITIES] as const;

export type FieldEntity = (typeof FIELD_ENTITIES)[number];

export function isFieldEntity(e: string): e is FieldEntity {
  return (FIELD_ENTITIES as readonly string[]).includes(e);
}
