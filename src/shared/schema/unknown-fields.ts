import type { z } from 'zod';

/**
 * Keys only the server writes into a stored record or beside it (SPEC P10): a tablet that sends one
 * inside `fields` is refused by name, never trusted (a `township` there once moved records across areas).
 */
const SERVER_OWNED_FIELDS: ReadonlySet<string> = new Set([
  'township', 'version', 'serverSeq', 'createdBy', 'updatedBy', 'originClient', 'createdAt', 'updatedAt', 'deleted', 'idHmac',
  // The server's own survey assessment (sync-server/src/sync/after-push-survey.ts).
  'serverAssessment', 'serverPolicyVersion', 'assessmentMismatch',
]);

export interface FieldIssue {
  path: string;
  message: 'field.unknown' | 'field.serverOwned';
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Keys of `input` the parse dropped (zod objects strip what they do not know), at any depth. `path` is
 * the way down, joined with dots only for a key reported: nearly every change has none, and building
 * each nested key's path and [key, value] pair was most of this check's garbage (issue 14).
 */
function droppedKeys(input: unknown, output: unknown, path: (string | number)[], out: FieldIssue[]): void {
  if (Array.isArray(input) && Array.isArray(output)) {
    for (let i = 0; i < input.length; i++) {
      if (!(i in input)) continue; // a hole, as forEach skips it
      path.push(i);
      droppedKeys(input[i], output[i], path, out);
      path.pop();
    }
    return;
  }
  if (!isPlainObject(input) || !isPlainObject(output)) return;
  // for…in, not Object.keys: no array per object walked (issue 14). The input is JSON a tablet sent (or
  // what the server merged from it): plain objects, whose only enumerable keys are their own.
  for (const k in input) {
    if (!(k in output)) out.push({ path: [...path, k].join('.'), message: 'field.unknown' });
    else {
      path.push(k);
      droppedKeys(input[k], output[k], path, out);
      path.pop();
    }
  }
}

/**
 * The value the field's own schema gives for `value` sent as field `key`, when the caller already has
 * it (the server's whole-record parse holds it: one parse, not two — issue 14); undefined to parse here.
 */
export type ParsedField = (key: string, value: unknown) => { data: unknown } | undefined;

/**
 * Whether a top-level key of `fields` is one unknownFieldIssues names by itself (a key the form does not
 * have, or a server-owned one): the cheap half of the check, without parsing any value.
 */
export function hasUnknownTopLevelField(schema: z.ZodType, fields: Record<string, unknown>): boolean {
  const shape = (schema as { shape?: Record<string, z.ZodType> }).shape;
  for (const k in fields) {
    if (!Object.hasOwn(fields, k) || fields[k] === null) continue;
    if (SERVER_OWNED_FIELDS.has(k) || (shape && !(k in shape))) return true;
  }
  return false;
}

/**
 * SPEC P10: the fields of one change checked strictly against the entity's object schema — a top-level
 * key the schema does not have, a server-owned key, or a key the field's own schema drops at any depth
 * (`head.secretNote`) is one issue each, with its path. The schemas stay stripping (a record stored by
 * an older release may hold such keys and must stay editable; the parsed value stored leaves them out,
 * P11); only what a change sends is held to the form.
 * A field whose value is invalid is left to the whole-record validation (CHANGE_INVALID).
 */
export function unknownFieldIssues(schema: z.ZodType, fields: Record<string, unknown>, parsedField?: ParsedField): FieldIssue[] {
  const shape = (schema as { shape?: Record<string, z.ZodType> }).shape;
  const issues: FieldIssue[] = [];
  for (const k of Object.keys(fields)) {
    const v = fields[k];
    // A clear (C7) of a key the form does not have is what a tablet sends when its copy of a record,
    // pulled from a server that stored such a key, loses it on save: harmless, and the key goes.
    if (v === null) continue;
    if (SERVER_OWNED_FIELDS.has(k)) issues.push({ path: k, message: 'field.serverOwned' });
    else if (!shape) continue;
    else if (!(k in shape)) issues.push({ path: k, message: 'field.unknown' });
    // A number, string or boolean has no keys to drop: only objects and arrays are parsed here.
    else if (typeof v !== 'object') continue;
    else {
      const known = parsedField?.(k, v);
      if (known) droppedKeys(v, known.data, [k], issues);
      else {
        const parsed = shape[k]!.safeParse(v);
        if (parsed.success) droppedKeys(v, parsed.data, [k], issues);
      }
    }
  }
  return issues;
}
