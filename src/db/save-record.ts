import { AppError } from './contracts';
import { todayInChina } from '../shared/schema/id-number-field';
import { ENTITY_DEFINITIONS } from '../shared/schema/registry';
import type { FieldEntity } from '../shared/protocol/entities';
import { deepEqual } from '../shared/rules/deep-equal';
import { utf8Length } from '../security/bytes';
import type { UserKeys } from '../security/key-bundle';
import { open, seal } from '../security/seal';
import { indexFields, toJsonFields, type Fields } from './record-fields';
import { foreground } from './foreground';
import { mapStorageError } from './storage-errors';
import type { OutboxRow, RecordRow, UserDb } from './user-db';

export interface SaveContext {
  db: UserDb;
  keys: UserKeys;
  now: () => Date;
  newId: () => string;
  /** The worker's township as this session knows it: stamped on each outbox change (SPEC A8). */
  township?: string | null;
  /**
   * Called once the save's transaction committed, with the row written and the fields sealed in it (what
   * opening it gives), so the list digest takes it at that rev without reading or decrypting it (SPEC N10).
   */
  written?: (w: { row: RecordRow; fields: Fields }) => void;
  /** The bench's breakdown of a save (test/bench/tablet): called after each step; never set by the app. */
  trace?: (step: SaveStep) => void;
}

/**
 * A save's steps as the bench traces them: saveRecord's own (`written`: its transaction committed; `fed`:
 * the `written` callback, the list digest's feed, returned), then households.save's after saveRecord
 * (`returned`: saveRecord's promise resolved in the caller; `told`: the sync told (localChange);
 * `notified`: the screens' listeners called).
 */
export type SaveStep = 'validated' | 'read' | 'sealed' | 'written' | 'fed' | 'returned' | 'told' | 'notified';

export function validationError(issues: { path: PropertyKey[]; message: string }[]): AppError {
  return new AppError('VALIDATION_FAILED', 'The record is invalid.', {
    issues: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  });
}

export interface SaveOptions {
  /** Fields sent even when unchanged: the worker chose the value a conflict's record already holds (C6). */
  affirm?: string[];
  /**
   * The caller's word that this id has never been saved: a form opened for a new record, before its first
   * save succeeded (issue 18, SPEC O5). The save then skips its read-only transaction before the write (a
   * form picks the id before saving, so without this word a new record cannot be told from an edit). The
   * write's own rev check stays the guard: if the row exists after all (a wrong word, a pull or an ack wrote
   * it meanwhile), the transaction is aborted, nothing of it written, and the save starts over with the read,
   * exactly as an unhinted save does. A wrong word costs one aborted transaction, never a lost or doubled save.
   */
  newRecord?: boolean;
}

/**
 * Validates with the entity's shared schema, seals, and writes the record and its outbox change in one
 * strict transaction: either both are on disk or neither (a reload or a full disk in between leaves the
 * previous state). One outbox entry per save, each with its own seq (rule P1, P2).
 * WebCrypto runs before the transaction (awaiting it inside would let IndexedDB auto-commit); the
 * transaction re-checks the row's `rev` and the save starts over if a pull or an ack wrote it meanwhile.
 */
export function saveRecord(ctx: SaveContext, entity: FieldEntity, input: unknown, options: SaveOptions = {}): Promise<{ id: string; changed: boolean }> {
  // In flight until it ends: the list digest's background steps begin none meanwhile (SPEC N10).
  return foreground(ctx.db, () => save(ctx, entity, input, options));
}

async function save(ctx: SaveContext, entity: FieldEntity, input: unknown, options: SaveOptions): Promise<{ id: string; changed: boolean }> {
  const affirm = options.affirm ?? [];
  const def = ENTITY_DEFINITIONS[entity];
  if (!def) throw new AppError('VALIDATION_FAILED', `No schema for ${entity}.`);
  if (!input || typeof input !== 'object') throw validationError([{ path: [], message: 'required' }]);
  const raw: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  if (!raw.id) raw.id = ctx.newId();
  // Issue 18: the existing row is read while the record is validated and sealed (none of them needs
  // another's result), so a save waits for the slowest of them, not for their sum.
  // A record the caller says is new is taken as absent on the first attempt (no read-only transaction);
  // the write transaction's rev check finds it if it is there after all, and the next attempt reads.
  let reading = typeof raw.id !== 'string' ? null : options.newRecord ? absent(raw.id) : readExisting(ctx.db, raw.id);
  const parsed = def.schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error.issues);
  // The checks that need today's date, on this client's clock (schemas have none: dated-checks.ts).
  const dated = def.datedIssues?.(parsed.data as Record<string, unknown>, todayInChina(ctx.now())) ?? [];
  if (dated.length) throw validationError(dated);
  const fields = toJsonFields(parsed.data);
  const id = fields.id as string;
  const { dataKey, lookupKey } = ctx.keys;
  ctx.trace?.('validated');
  // O1: one encryption per save, and the ID hashes once, whatever the attempts below. The change
  // sent is derived at push time from this snapshot, the server copy it was edited from (its
  // ciphertext, not re-sealed) and the names changed here (O2).
  const sealing = Promise.all([seal(dataKey, id, fields), indexFields(fields, lookupKey)]);
  sealing.catch(() => undefined); // awaited below; a save that stops earlier must not leave it unhandled

  for (let attempt = 0; attempt < 8; attempt++) {
    const existing = await (reading && reading.id === id ? reading.row : readExisting(ctx.db, id).row);
    reading = null;
    if (existing && existing.entity !== entity) throw new AppError('ALREADY_EXISTS', 'This id belongs to another kind of record.');
    const previous = existing ? await open<Fields>(dataKey, id, existing.sealed) : {};
    ctx.trace?.('read');
    // Saving what is already there is no change (C5), unless the worker re-submits a rejected record.
    if (affirm.length === 0 && existing && existing.syncState !== 'rejected' && existing.formVersion === def.formVersion && deepEqual(previous, fields)) {
      return { id, changed: false };
    }
    const changed = namesChanged(previous, fields, affirm);
    const changedAt = ctx.now().toISOString();
    const baseVersion = existing?.version ?? 0;
    // Measured while WebCrypto seals on its own thread, not after: it needs nothing sealed.
    const bytes = changeBytes(entity, id, baseVersion, fields, changed, existing?.sealedServer ? null : previous, def.formVersion, changedAt);
    const [sealed, index] = await sealing;
    ctx.trace?.('sealed');
    const record: RecordRow = {
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
      // SPEC L7: what a push answer said the server holds stays known across later saves.
      ...(existing?.awaitedVersion !== undefined ? { awaitedVersion: existing.awaitedVersion } : {}),
      ...(existing?.skippedEcho ? { skippedEcho: existing.skippedEcho } : {}), // L8
    };
    const change: OutboxRow = {
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
    };
    let written: boolean;
    try {
      // `digestLog`: the list digest's write log, to which the records' middleware adds a row in this transaction (N11).
      // The scope is a plain function chaining Dexie's promises, not an async one: Dexie carries its
      // transaction across a native `await` by echoing its zone through the microtasks that follow, and a
      // save through that path measured 0.3–0.6 ms slower at 50,000 households in one harness; the lead's later
      // quiet runs did not reproduce the gain (tablet-issue18.md, twenty-second session): kept as the simpler form.
      written = await ctx.db.transaction('rw', ctx.db.records, ctx.db.outbox, ctx.db.digestLog, () => {
        // Every request is issued at once (one round trip): if a pull or an ack wrote the row since it was
        // read above, the whole transaction is aborted (nothing of it is written) and the save starts over.
        // A row read as absent (or said new, O5) is written with `add`, which is itself the check: it fails
        // if the row is there now, and no read of the row goes before the writes (issue 18). An existing
        // row's `rev` is read first, with the writes.
        if (!existing) {
          const added = ctx.db.records.add(record).catch((e: unknown) => Promise.reject(isConstraintError(e) ? new WrittenMeanwhile() : e));
          return Promise.all([added, ctx.db.outbox.add(change)]).then(() => true);
        }
        const current = ctx.db.records.get(id);
        // Earlier rejected changes of this record are superseded: this change carries their fields too.
        // A record not on this tablet has no outbox rows (purge and pull never remove one that has).
        const writes = [ctx.db.outbox.where('id').equals(id).and((r) => r.state === 'rejected').delete(), ctx.db.records.put(record), ctx.db.outbox.add(change)];
        return Promise.all([current, ...writes]).then(([now]) => {
          if ((now?.rev ?? 0) !== existing.rev) throw new WrittenMeanwhile();
          return true;
        });
      });
    } catch (e) {
      // A failed `add` may abort the transaction before the scope's rejection is seen: its error then.
      if (!(e instanceof WrittenMeanwhile) && !(!existing && isConstraintError(e))) throw mapStorageError(e);
      written = false;
    }
    ctx.trace?.('written');
    if (written) {
      if (ctx.written) {
        ctx.written({ row: record, fields });
        ctx.trace?.('fed');
      }
      return { id, changed: true };
    }
  }
  throw new AppError('INTERNAL', 'The record kept changing while saving; try again.');
}

/** Aborts a save's transaction: the row changed between the read and the write (the save starts over). */
class WrittenMeanwhile extends Error {}

/** IndexedDB's (or Dexie's) error for an `add` whose key is taken. */
function isConstraintError(e: unknown): boolean {
  const named = (x: unknown) => !!x && typeof x === 'object' && (x as { name?: unknown }).name === 'ConstraintError';
  return named(e) || named((e as { inner?: unknown } | null)?.inner);
}

/** The existing row, read now; its promise is always handled, so a save that stops before awaiting it leaves nothing unhandled. */
function readExisting(db: UserDb, id: string): { id: string; row: Promise<RecordRow | undefined> } {
  const row = db.records.get(id);
  row.catch(() => undefined);
  return { id, row };
}

/** What readExisting gives for a row the caller says is not there: no read (the write's rev check guards). */
function absent(id: string): { id: string; row: Promise<RecordRow | undefined> } {
  return { id, row: Promise.resolve(undefined) };
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
