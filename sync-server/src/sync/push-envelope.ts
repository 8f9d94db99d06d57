import { isoDateTime } from '../../../src/shared/schema/common';
import { isFieldEntity } from '../../../src/shared/protocol/entities';
import { MAX_CHANGES_PER_BATCH, type Change, type PushRequest } from '../../../src/shared/protocol/messages';

/** idSchema's pattern (src/shared/schema/common.ts), tested without zod's result objects. */
const ID = /^[A-Za-z0-9_-]{8,64}$/;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isId = (v: unknown): v is string => typeof v === 'string' && ID.test(v);

/**
 * A current-version push envelope checked by hand (issue 14, SPEC I2 "parse once"): the same object
 * `pushRequestSchema` would return for a body it accepts — known keys only, in the schema's order —
 * without zod's per-change result objects and its copy of every change's `fields` (the sent object is
 * kept as it came: nothing else holds the request body, and each value is validated later, once, with
 * the merged record). Returns null whenever anything is not plainly valid; the caller then parses with
 * zod, so every rejection (its issues, paths and messages) stays exactly the schema's.
 */
export function quickPushEnvelope(body: unknown): PushRequest | null {
  if (!isPlainObject(body)) return null;
  const { protocol, deviceId, changes } = body;
  if (!isInt(protocol) || !isId(deviceId) || !Array.isArray(changes)) return null;
  if (changes.length < 1 || changes.length > MAX_CHANGES_PER_BATCH) return null;
  const out: Change[] = new Array(changes.length);
  for (let i = 0; i < changes.length; i++) {
    const c: unknown = changes[i];
    if (!isPlainObject(c)) return null;
    const { seq, entity, id, baseVersion, fields, formVersion, changedAt, township } = c;
    if (!isInt(seq) || seq <= 0 || !isInt(baseVersion) || baseVersion < 0 || !isInt(formVersion) || formVersion <= 0) return null;
    if (typeof entity !== 'string' || !isFieldEntity(entity) || !isId(id)) return null;
    // z.record treats a "__proto__" key on its own; such a body goes the schema's way.
    if (!isPlainObject(fields) || Object.prototype.hasOwnProperty.call(fields, '__proto__')) return null;
    if (typeof changedAt !== 'string' || !isoDateTime.safeParse(changedAt).success) return null;
    if (township !== undefined && (typeof township !== 'string' || township.length < 1 || township.length > 64)) return null;
    const change: Change = { seq, entity, id, baseVersion, fields, formVersion, changedAt };
    if ('township' in c) change.township = township; // as the schema: a key given as undefined stays (never so from JSON)
    out[i] = change;
  }
  return { protocol, deviceId, changes: out };
}
