import { AppError } from './contracts';
import { todayInChina } from '../shared/schema/id-number-field';
import { ENTITY_DEFINITIONS } from '../shared/schema/registry';
import type { FieldEntity } from '../shared/protocol/entities';
import { deepEqual } from '../shared/rules/deep-equal';
import { utf8Length } from '../security/bytes';
import type { UserKeys } from '../security/key-bundle';
import { open, seal } from '../security/seal';
import { indexFields, toJsonFields, type Fields } from './record-fields';
import { mapStorageError } from './storage-errors';
import type { UserDb } from './user-db';

export interface SaveContext {
  db: UserDb;
  keys: UserKeys;
  now: () => Date;
  newId: () => string;
  /** The worker's township as this session knows it: stamped on each outbox change (SPEC A8). */
  township?: string | null;
}

export function validationError(issues: { path: PropertyKey[]; message: string }[]): AppError {
  return new AppError('VALIDATION_FAILED', 'The record is invalid.', {
    issues: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  });
}

export interface SaveOptions {
  /** Fields sent even when unchanged: the worker chose the value a conflict's record already holds (C6). */
  affirm?: string[];
}

/**
 * Validates with the entity's shared schema, seals, and writes the record and its outbox change in one
 * strict transaction: either both are on disk or neither (a reload or a full disk in between leaves the
 * previous state). One outbox entry per save, each with its own seq (rule P1, P2).
 * WebCrypto runs before the transaction (awaiting it inside would let IndexedDB auto-commit); the
 * transaction re-checks the row's `rev` and the save starts over if a pull or an ack wrote it meanwhile.
 */
export async function saveRecord(ctx: SaveContext, entity: FieldEntity, input: unknown, options: SaveOptions = {}): Promise<{ id: string; changed: boolean }> {
  const affirm = options.affirm ?? [];
  const def = ENTITY_DEFINITIONS[entity];
  if (!def) throw new AppError('VALIDATION_FAILED', `No schema for ${entity}.`);
  if (!input || typeof input !== 'object') throw validationError([{ path: [], message: 'required' }]);
  const raw: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  if (!raw.id) raw.id = ctx.newId();
  const parsed = def.schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  // The checks that need today's date, on this client's clock (schemas have none: dated-checks.ts).
  const dated = def.datedIssues?.(parsed.data as Record<string, unknown>, todayInChina(ctx.now())) ?? [];
  if (dated.length) throw validationError(dated);
  const fields = toJsonFields(parsed.data);
  const id = fields.id as string;
  const { dataKey, lookupKey } = ctx.keys;

  for (let attempt = 0; attempt < 8; attempt++) {
    const existing = await ctx.db.records.get(id);
    if (existing && existing.entity !== entity) throw new AppError('ALREADY_EXISTS', 'This id belongs to another kind of record.');
    const previous = existing ? await open<Fields>(dataKey, id, existing.sealed) : {};
    // Saving what is already there is no change (C5), unless the worker re-submits a rejected record.
    if (affirm.length === 0 && existing && existing.syncState !== 'rejected' && existing.formVersion === def.formVersion && deepEqual(previous, fields)) {
      return { id, changed: false };
    }
    // O1: one encryption per save. The change sent is derived at push time from this snapshot, the
    // server copy it was edited from (its ciphertext, not re-sealed) and the names changed here (O2).
    const changed = namesChanged(previous, fields, affirm);
    const changedAt = ctx.now().toISOString();
    const baseVersion = existing?.version ?? 0;
    const [sealed, index] = await Promise.all([
      seal(dataKey, id, fields),
      // A save never fails for the name index: if pinyin cannot load, the row goes without it and the
      // index is marked pending, so the search reads decrypted records until the backfill adds it (N5).
      indexFields(fields, lookupKey).catch(() => indexFields(fields, lookupKey, { names: false })),
    ]);
    const bytes = changeBytes(entity, id, baseVersion, fields, changed, existing?.sealedServer ? null : previous, def.formVersion, changedAt);
    let written: boolean;
    try {
      written = await ctx.db.transaction('rw', ctx.db.records, ctx.db.outbox, ctx.db.meta, async () => {
        const current = await ctx.db.records.get(id);
        if ((current?.rev ?? 0) !== (existing?.rev ?? 0)) return false; // written meanwhile: start over
        if (!index.nameKeys) await ctx.db.meta.put({ key: 'nameIndex', value: 'pending' });
        // Earlier rejected changes of this record are superseded: this change carries their fields too.
        // A record not on this tablet has no outbox rows (purge and pull never remove one that has).
        if (current) await ctx.db.outbox.where('id').equals(id).and((r) => r.state === 'rejected').delete();
        await ctx.db.records.put({
          id,
          entity,
          rev: (existing?.rev ?? 0) + 1,
          ...index,
          sealed,
          sealedServer: existing?.sealedServer ?? null,
          formVersion: def.formVersion,
          version: baseVersion,
          syncState: 'pending',
          rejection: null,
          updatedAt: changedAt,
          syncedAt: existing?.syncedAt ?? null,
        });
        await ctx.db.outbox.add({
          entity,
          id,
          baseVersion,
          sealedSnapshot: sealed,
          sealedBase: existing?.sealedServer ?? null,
          changed,
          formVersion: def.formVersion,
          changedAt,
          state: 'queued',
          bytes,
          // SPEC A8: if the worker is moved before this uploads, the server still takes it under this township.
          ...(ctx.township ? { township: ctx.township } : {}),
        });
        return true;
      });
    } catch (e) {
      throw mapStorageError(e);
    }
    if (written) return { id, changed: true };
  }
  throw new AppError('INTERNAL', 'The record kept changing while saving; try again.');
}

/** The top-level fields this save changed against the previous local save, and the affirmed ones (O2). */
export function namesChanged(previous: Fields, next: Fields, affirm: readonly string[] = []): string[] {
  const out = new Set(affirm);
  for (const k of new Set([...Object.keys(previous), ...Object.keys(next)])) if (!deepEqual(previous[k], next[k])) out.add(k);
  return [...out];
}

/**
 * The change's approximate JSON size for the queue's progress (OutboxRow.bytes), without opening the
 * server copy: exact for a record never synced (`previous` given: the change is every field), else the
 * fields changed by this save (a cumulative change since an older base may be larger; push measures
 * the real size when it batches).
 */
function changeBytes(entity: FieldEntity, id: string, baseVersion: number, fields: Fields, changed: string[], previous: Fields | null, formVersion: number, changedAt: string): number {
  const sent: Fields = {};
  const keys = previous ? new Set([...Object.keys(previous), ...Object.keys(fields)]) : changed;
  for (const k of keys) sent[k] = fields[k] === undefined ? null : fields[k];
  return utf8Length(JSON.stringify({ seq: 1e12, entity, id, baseVersion, fields: sent, formVersion, changedAt }));
}
