import type { Change, ChangeResult } from '../../../src/shared/protocol/messages';
import type { ErrorCode } from '../../../src/shared/protocol/error-codes';
import { mergeChange } from '../../../src/shared/rules/merge';
import { deepEqual } from '../../../src/shared/rules/deep-equal';
import { todayInChina } from '../../../src/shared/schema/id-number-field';
import { withoutNulls } from '../../../src/shared/protocol/without-nulls';
import { sortKeys } from '../../../src/shared/protocol/canonical-json';
import { ENTITY_DEFINITIONS } from '../../../src/shared/schema/registry';
import { hasUnknownTopLevelField, unknownFieldIssues, type ParsedField } from '../../../src/shared/schema/unknown-fields';
import { zodIssues } from '../http/zod-issues';
import type { UserRow } from '../store/store';
import type { ChangeTx } from './batch-tx';
import { referencesOutOfArea } from './check-references';
import { correctionRefusal } from './check-correction';
import { checkHandoutEdit } from './check-handout-edit';
import { afterCaseChange, CASE_ENTITIES, checkCaseChange } from './case-change';
import type { SameArea } from './same-area';
import { openConflict, resolveConflicts } from './conflict-records';
import { recordIdHmac } from './id-hmac';
import { mergeable } from './record-state';
import { rememberParsed } from './parsed-values';

/** Who pushes, and when the batch arrived. The township is the account's, never the payload's (SPEC A2). */
export interface PushActor {
  user: UserRow;
  township: string;
  deviceId: string;
  at: string;
  idHmac: (idNumber: string) => string;
  /** The codes that are one area with a township (successor chains, same-area.ts). */
  sameArea: SameArea;
}

/**
 * Whether `parsed` holds every value of `input` unchanged (keys a schema default added aside): then
 * the device already holds what is stored, as far as anything it typed goes (SPEC L3, P11).
 */
function keepsValues(input: unknown, parsed: unknown): boolean {
  if (Array.isArray(input)) return Array.isArray(parsed) && input.length === parsed.length && input.every((v, i) => keepsValues(v, parsed[i]));
  if (typeof input === 'object' && input !== null) {
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
    // Keys, not entries: no [key, value] pair allocated per field of every record pushed (issue 14); and
    // for…in, not Object.keys, no array either: `input` is the merged record, plain objects from JSON.
    for (const k in input) if (!(k in parsed) || !keepsValues((input as Record<string, unknown>)[k], (parsed as Record<string, unknown>)[k])) return false;
    return true;
  }
  return input === parsed;
}

/**
 * Today in China for the push's arrival time, worked out once per push rather than per change (issue 14):
 * every change of a batch has the same `actor.at`. One entry, so pushes in turn each replace it.
 */
let lastAt = '';
let lastToday = '';
function todayAt(at: string): string {
  if (at !== lastAt) {
    lastToday = todayInChina(new Date(at));
    lastAt = at;
  }
  return lastToday;
}

/**
 * The record's own fields with their parsed values, in the record's order: what
 * `Object.fromEntries(Object.keys(fields).filter((k) => k in value).map((k) => [k, value[k]]))` gives,
 * without an array and a pair per field of every change (issue 14). A `__proto__` key, which only
 * defineProperty makes an own field (as fromEntries does), is kept as one.
 */
function keptFields(fields: Record<string, unknown>, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(fields)) {
    if (!(k in value)) continue;
    if (k === '__proto__') Object.defineProperty(out, k, { value: value[k], enumerable: true, writable: true, configurable: true });
    else out[k] = value[k];
  }
  return out;
}

/** The keys of the change's fields for its audit row, sorted as Array#sort sorts them, without its work arrays (issue 14). */
function sortedKeys(fields: Record<string, unknown>): string[] {
  const keys = Object.keys(fields);
  sortKeys(keys);
  return keys;
}

function rejected(change: Change, code: ErrorCode, issues?: ChangeResult['issues']): ChangeResult {
  const r: ChangeResult = { seq: change.seq, id: change.id, status: 'rejected', code };
  if (issues) r.issues = issues;
  return r;
}

/**
 * Applies one change inside the batch's transaction and returns its result (SPEC P5: a bad change is
 * rejected on its own; the caller records every result, rejections included, under (deviceId, seq)).
 * Steps: 1 entity writable, 2 form version accepted, 2b no unknown or server-owned field (P10),
 * 3 same township, 3b references in the same area (A6), 3c a hand-out never edited, its corrections
 * allowed (R1–R3, R9), 3d cases written once (K2–K4), 4 merge per field, 5 validate the merged
 * record, 6 store its parsed value (P11), its conflicts and an audit entry.
 */
export async function applyChange(tx: ChangeTx, actor: PushActor, change: Change): Promise<ChangeResult> {
  const audit = (action: string, detail: Record<string, unknown>) =>
    tx.appendAudit({ at: actor.at, userId: actor.user.id, deviceId: actor.deviceId, township: actor.township, action, entity: change.entity, recordId: change.id, detail });

  // 1. Look the entity up in the registry: a kind with no definition is not writable from a tablet.
  const def = ENTITY_DEFINITIONS[change.entity];
  if (!def) return rejected(change, 'CHANGE_ENTITY_READ_ONLY');

  // 2. SPEC V4: the current and the previous form version; an older one is upgraded first.
  if (!def.acceptedFormVersions.includes(change.formVersion)) return rejected(change, 'CHANGE_FORM_VERSION');
  let fields = change.formVersion !== def.formVersion && def.upgrade ? def.upgrade(change.fields, change.formVersion) : change.fields;

  // 2b. SPEC P10: what the change sends is held to the form; a stray or server-owned key is named.
  // Validate once (issue 14, SPEC I2): a stray key at the top is seen here without parsing anything; one
  // deeper down (`head.secretNote`) shows in the parse of step 5, which this check then reads instead of
  // parsing each sent value a second time. Every answer stays the one checking here first would give:
  // any rejection before step 5 asks `unknownRejection` first, which parses the sent values itself.
  const sent = fields;
  let unknownChecked = false;
  const unknownRejection = async (parsedField?: ParsedField): Promise<ChangeResult | null> => {
    if (unknownChecked) return null;
    unknownChecked = true;
    const unknown = unknownFieldIssues(def.schema, sent, parsedField);
    if (!unknown.length) return null;
    await audit('sync.rejected', { seq: change.seq, code: 'CHANGE_UNKNOWN_FIELD', paths: unknown.map((i) => i.path) });
    return rejected(change, 'CHANGE_UNKNOWN_FIELD', unknown);
  };
  // Cases and steps audit their own refusals in step 3d: for them the whole check runs here, as it always did.
  if (hasUnknownTopLevelField(def.schema, sent) || CASE_ENTITIES.includes(change.entity)) {
    const refusal = await unknownRejection();
    if (refusal) return refusal;
  }

  // 3. SPEC A2: a record stays in the township that created it (or the code that succeeded it).
  const existing = await tx.getRecord(change.entity, change.id);
  const area = actor.sameArea(actor.township);
  if (existing && (existing.township === null || !area.has(existing.township))) {
    const unknown = await unknownRejection();
    if (unknown) return unknown;
    await audit('sync.denied', { seq: change.seq, code: 'OUT_OF_AREA' });
    return rejected(change, 'OUT_OF_AREA');
  }

  // 3b. SPEC A6: and it names only records of its own area.
  const crossing = await referencesOutOfArea(tx, def.references, fields, area);
  if (crossing.length) {
    const unknown = await unknownRejection();
    if (unknown) return unknown;
    await audit('sync.denied', { seq: change.seq, code: 'OUT_OF_AREA', paths: crossing });
    return rejected(change, 'OUT_OF_AREA', crossing.map((path) => ({ path, message: 'reference.outOfArea' })));
  }

  // 3c. SPEC R2, R3: a void or correction of a hand-out: the original exists, the writer may correct it, it is not void yet.
  // SPEC R9: and a stored hand-out itself is never edited (a replay of it goes on as stored: no change).
  const handout = checkHandoutEdit(change, existing, fields);
  if ('fields' in handout) fields = handout.fields;
  const refusal = 'refusal' in handout ? handout.refusal : await correctionRefusal(tx, actor.user, change, fields);
  if (refusal) {
    const unknown = await unknownRejection();
    if (unknown) return unknown;
    await audit(refusal.code === 'FORBIDDEN' ? 'sync.denied' : 'sync.rejected', { seq: change.seq, code: refusal.code, paths: refusal.issues.map((i) => i.path) });
    return rejected(change, refusal.code, refusal.issues);
  }
  // 3d. SPEC K2–K4: cases and their steps are written once, valid on their own, by the right role.
  const caseRejection = await checkCaseChange(tx, actor, change, existing, fields);
  if (caseRejection) return caseRejection;

  // 4. SPEC C1–C5, the shared pure rule.
  const merge = mergeChange(existing && mergeable(existing), {
    baseVersion: change.baseVersion,
    fields,
    changedAt: change.changedAt,
    deviceId: actor.deviceId,
    account: actor.user.id, // C8: the account's client ids are one writer (a fresh id after P9)
  });
  // SPEC C7: JSON has no "undefined", so a tablet clears an optional field by sending null; the stored
  // record drops it (its field version still records the change, so the merge rules keep working).
  merge.record = { ...merge.record, fields: withoutNulls(merge.record.fields) };
  const conflictFields = merge.conflicts.map((c) => c.field);
  const writer = { township: actor.township, userId: actor.user.id, at: actor.at };

  let normalised = false;
  if (merge.changed) {
    // 5. The merged whole record must be valid; if not, nothing of this change is stored.
    const input = merge.record.fields;
    // The schema's answer; a submitted survey read once, not by the draft and then the complete schema (parseRecord, issue 14).
    const parsed = def.parseRecord ? def.parseRecord(input) : def.schema.safeParse(input);
    // SPEC P10 (step 2b) from this parse: a sent value the merge took is what was parsed here.
    const whole = parsed.success ? (parsed.data as Record<string, unknown>) : null;
    const unknown = await unknownRejection(whole ? (k, v) => (input[k] === v ? { data: whole[k] } : undefined) : undefined);
    if (unknown) return unknown;
    const issues = parsed.success ? [] : zodIssues(parsed.error);
    // The checks that need today's date, on the server's own (injected) clock: schemas have none.
    if (parsed.success) for (const i of def.datedIssues?.(parsed.data as Record<string, unknown>, todayAt(actor.at)) ?? []) issues.push({ path: i.path.join('.'), message: i.message });
    if ('id' in merge.record.fields && merge.record.fields.id !== change.id) issues.push({ path: 'id', message: 'id.mismatch' });
    if (issues.length || !parsed.success) {
      await audit('sync.rejected', { seq: change.seq, code: 'CHANGE_INVALID', paths: issues.map((i) => i.path) });
      return rejected(change, 'CHANGE_INVALID', issues);
    }
    // SPEC P11: store the parsed value (trimmed, normalised, stray keys of older rows left out), for the
    // record's own fields only: a default the schema would add is not written as if someone had set it.
    const value = parsed.data as Record<string, unknown>;
    const stored = keptFields(merge.record.fields, value);
    normalised = !keepsValues(merge.record.fields, stored);
    merge.record = { ...merge.record, fields: stored };
    // SPEC I2: what reads this write again after the commit (the dashboard's count) takes this parse.
    rememberParsed(stored, value);
  }

  // Nothing was parsed (the merge kept every stored value): step 2b's check on its own.
  const unknown = await unknownRejection();
  if (unknown) return unknown;

  // 6. Store. A fast-forward leaves the device holding exactly this state, so it is not echoed back to it;
  // a merge or conflict produced a state the device has not seen, so everyone pulls it (SPEC L3).
  if (merge.changed || merge.conflicts.length > 0 || merge.stampsOnly) {
    await tx.putRecord({
      entity: change.entity,
      id: change.id,
      // Records keep the code they were written under (issue 10): successors are followed, nothing re-keyed.
      township: existing?.township ?? actor.township,
      version: merge.record.version,
      fields: merge.record.fields,
      fieldVersions: merge.record.fieldVersions,
      fieldStamps: merge.record.fieldStamps,
      createdBy: existing?.createdBy ?? actor.user.id,
      updatedBy: actor.user.id,
      // A normalised value is one the device does not hold yet: it pulls it like a merge (L3).
      originClient: merge.status === 'applied' && !normalised ? actor.deviceId : null,
      updatedAt: actor.at,
      deleted: existing?.deleted ?? false,
      idHmac: recordIdHmac(def.indexedIdNumber?.(merge.record.fields), actor.idHmac),
    });
  }
  for (const c of merge.conflicts) await openConflict(tx, change.entity, change.id, c, writer);
  if (existing && merge.changed) {
    const taken = Object.keys(fields).filter((k) => merge.record.fieldVersions[k] === merge.record.version && !conflictFields.includes(k));
    await resolveConflicts(tx, change.entity, change.id, taken, merge.record.version, writer);
  }
  if (existing && change.baseVersion >= existing.version) {
    // C6: a change made on the current version that keeps a field's value (the worker chose the value
    // the record already holds) resolves that field's conflict too.
    const kept = Object.keys(fields).filter((k) => deepEqual(existing.fields[k] ?? null, fields[k] ?? null));
    if (kept.length) await resolveConflicts(tx, change.entity, change.id, kept, merge.record.version, writer);
  }
  if (merge.changed || merge.conflicts.length > 0) {
    await audit(existing ? 'record.update' : 'record.create', {
      seq: change.seq,
      status: merge.status,
      version: merge.record.version,
      fields: sortedKeys(fields),
      ...(conflictFields.length ? { conflictFields } : {}),
    });
  }
  // SPEC R5: each void and correction has an audit row of its own (the reason stays out: free text, privacy.md §6).
  if (change.entity === 'relief-correction' && !existing && merge.changed) await audit(`relief.${String(fields.action)}`, { originalId: fields.originalId });

  const result: ChangeResult = { seq: change.seq, id: change.id, status: merge.status, version: merge.record.version };
  if (conflictFields.length) result.conflictFields = conflictFields;
  // SPEC K5: a step that can no longer follow the case's stored steps is kept, and the case flagged.
  await afterCaseChange(tx, actor, change, existing, result);
  return result;
}
