import type { CompiledQuery } from 'kysely';
import { writeBatchInSteps } from '../store/batch-write';
import type { AppliedInsert, AuditInput, BatchWrite, MergeReads, PersonKeysEntry, ReadStamps, RecordKey, RecordWrite, StampKeys, StoreTx, StoredRecord } from '../store/store';

/**
 * What applying one change needs of a transaction: the record look-up, the write and the audit entry,
 * and a case's steps in arrival order (SPEC K5).
 */
export type ChangeTx = Pick<StoreTx, 'getRecord' | 'putRecord' | 'appendAudit' | 'linkCaseStep' | 'listCaseSteps'>;

/** What a batch read changed under it before it held the lock (PostgreSQL, SPEC L5): apply it again with the lock held from the start. */
export class StaleBatchRead extends Error {
  constructor() {
    super('a record the batch read was written by another transaction');
    this.name = 'StaleBatchRead';
  }
}

const keyOf = (entity: string, id: string) => `${entity}\u0000${id}`;

/** A case's stored steps as read (SPEC K5): which, in which order, at which serverSeq. */
const stepsRead = (steps: readonly Pick<StoredRecord, 'id' | 'serverSeq'>[]) => steps.map((r) => `${r.id}\u0000${r.serverSeq}`).join('\u0001');

export interface BatchOptions {
  /**
   * The person index of a record the batch writes (null: none), written at the flush in the batch's
   * own transaction (issue 14: one commit per push, and the index never lags its record).
   */
  personKeys?: (record: StoredRecord) => PersonKeysEntry | null;
  /**
   * Statements that add rows derived from the records written (issue 16: the counter's marks), written
   * with the batch's own (StoreTx.writeBatch: in its one statement on PostgreSQL).
   */
  alsoWrite?: (written: StoredRecord[]) => CompiledQuery[];
}

/**
 * A push batch's view of the store (issue 14). Reads come from what the batch preloaded with one query
 * per kind, and from what it wrote itself; a key it did not preload is read on demand — from `reads`:
 * the writing transaction, or committed data outside it (PostgreSQL, SPEC L5 and I4: the push merges
 * before it joins its group, and `flush` checks every read under the lock). Writes stay in
 * memory, the last one of each record counting, in the order of their last write, and go to the store
 * in `flush` with one multi-row statement per kind: records (serverSeqs in that order, SPEC L2),
 * audit entries and (clientId, seq) marks. The shared merge rules see exactly what they would see
 * applying the changes one by one, so the batch gives the same answers (test/contract/batch-apply).
 */
export class BatchTx implements ChangeTx {
  /** As read from the store (null: absent), with the serverSeq to check under the lock. */
  private readonly read = new Map<string, StoredRecord | null>();
  /** Written by this batch: re-inserted on every write, so iteration is last-write order. */
  private readonly written = new Map<string, StoredRecord>();
  private readonly audits: AuditInput[] = [];
  /** Steps this batch linked to their case (SPEC K5), in arrival order; written after the records. */
  private readonly links: { caseId: string; stepId: string }[] = [];
  /** The stored steps of each case the merge listed (K5), as first read: checked under the lock with the records. */
  private readonly steps = new Map<string, string>();
  /** A case's steps read twice with different answers (a commit in between, outside the transaction): stale. */
  private stepsMoved = false;

  constructor(
    private readonly reads: MergeReads,
    private readonly options: BatchOptions = {},
  ) {}

  /**
   * The records this batch wrote, keyed `entity\u0000id`, as stored (serverSeq aside: 0, given at the
   * flush): what runs after the commit reads them here, not back from the store (issue 14, SPEC I2).
   */
  writtenRecords(): ReadonlyMap<string, StoredRecord> {
    return this.written;
  }

  /** Reads the keys not read yet, one query per entity. */
  async preload(keys: readonly RecordKey[]): Promise<void> {
    const missing = keys.filter((k) => !this.read.has(keyOf(k.entity, k.id)) && !this.written.has(keyOf(k.entity, k.id)));
    if (missing.length === 0) return;
    for (const k of missing) this.read.set(keyOf(k.entity, k.id), null);
    for (const r of await this.reads.getRecords(missing)) this.read.set(keyOf(r.entity, r.id), r);
  }

  /** Whether the record exists, as far as the batch knows now (preloaded or written). */
  has(entity: string, id: string): boolean {
    const k = keyOf(entity, id);
    return this.written.has(k) || !!this.read.get(k);
  }

  async getRecord(entity: string, id: string): Promise<StoredRecord | null> {
    const k = keyOf(entity, id);
    const mine = this.written.get(k);
    if (mine) return mine;
    if (!this.read.has(k)) this.read.set(k, await this.reads.getRecord(entity, id));
    return this.read.get(k) ?? null;
  }

  /**
   * Keeps the write for the flush. The returned record has serverSeq 0: the store gives the number
   * at the flush (nothing in a push reads it before). An existing row keeps createdBy and createdAt,
   * as the store's upsert does.
   */
  async putRecord(w: RecordWrite): Promise<StoredRecord> {
    const k = keyOf(w.entity, w.id);
    const before = this.written.get(k) ?? (this.read.has(k) ? this.read.get(k) : await this.getRecord(w.entity, w.id));
    // Written out, not `{ ...w, serverSeq: 0, … }`: V8 copies a spread of a record this size in its slow runtime
    // path, ~7 µs a change (issue 14, eighteenth session). The same keys in the same order as that spread gave.
    const stored: StoredRecord = {
      entity: w.entity, id: w.id, township: w.township, version: w.version, fields: w.fields, fieldVersions: w.fieldVersions,
      fieldStamps: w.fieldStamps, createdBy: before ? before.createdBy : w.createdBy, updatedBy: w.updatedBy,
      originClient: w.originClient, updatedAt: w.updatedAt, deleted: w.deleted, idHmac: w.idHmac, serverSeq: 0,
      createdAt: before ? before.createdAt : w.updatedAt,
    };
    this.written.delete(k);
    this.written.set(k, stored);
    return stored;
  }

  async appendAudit(entry: AuditInput): Promise<void> {
    this.audits.push(entry);
  }

  /**
   * A step's arrival is its record's serverSeq, which the store gives at the flush: the link waits
   * for it there (`arrived` as given, 0 in a batch, is not used).
   */
  async linkCaseStep(caseId: string, stepId: string, _arrived: number): Promise<void> {
    if (!this.links.some((l) => l.caseId === caseId && l.stepId === stepId)) this.links.push({ caseId, stepId });
  }

  /** The case's stored steps in arrival order, then the ones this batch linked (they arrive after). */
  async listCaseSteps(caseId: string): Promise<StoredRecord[]> {
    const stored = await this.reads.listCaseSteps(caseId);
    const read = stepsRead(stored);
    const before = this.steps.get(caseId);
    if (before === undefined) this.steps.set(caseId, read);
    else if (before !== read) this.stepsMoved = true;
    const seen = new Set(stored.map((r) => r.id));
    const mine = this.links.filter((l) => l.caseId === caseId && !seen.has(l.stepId)).flatMap((l) => {
      const r = this.written.get(keyOf('caseStep', l.stepId));
      return r ? [r] : [];
    });
    return [...stored, ...mine];
  }

  /**
   * Writes the batch in `tx`: takes the lock (PostgreSQL), checks that nothing it read changed since
   * (another process's commit in between, or an earlier push of the same group: StaleBatchRead, the
   * caller applies the batch again under the lock; one statement, readStamps), then the marks (fewer new
   * than given: another process applied one, `false`, roll back), the records, the audit entries, the
   * person index of the records written and the case links: in one statement where the store can
   * (StoreTx.writeBatch, PostgreSQL), else one per kind (batch-write.ts). `readOutside`: the batch read committed data outside `tx` (Store.mergeReads), so its
   * reads are checked even when `tx` held the lock already (a group's later members, SPEC I4).
   */
  async flush(tx: StoreTx, clientId: string, marks: readonly AppliedInsert[], at: string, readOutside = false): Promise<boolean> {
    const built = this.batchWrite(clientId, marks, at);
    // The statement's rows built before the lock is taken (PostgreSQL: a group's first push; the later ones hold it already).
    const w = tx.writeBatch && tx.prepareBatch ? tx.prepareBatch(built) : built;
    const takenNow = await tx.lockForWrite();
    const check = takenNow || readOutside ? this.readsToCheck() : null;
    if (tx.writeBatch) {
      // The reads checked in the statement that writes (PostgreSQL: one round trip under the lock, issue 14):
      // stale, the throw rolls back what it wrote, and the caller applies the batch again under the lock.
      const out = await tx.writeBatch(w, check);
      if (out.stamps) this.checkStamps(out.stamps);
      return out.marked === marks.length;
    }
    if (check) this.checkStamps(await tx.readStamps(check.keys, check.caseIds));
    return (await writeBatchInSteps(tx, w)) === marks.length;
  }

  private batchWrite(clientId: string, marks: readonly AppliedInsert[], at: string): BatchWrite {
    const written = [...this.written.values()];
    // A record read as absent (checked again under the lock when the read may be stale: flush's stamps) has no keys to delete.
    const people = this.options.personKeys
      ? written.flatMap((r) => {
          const entry = this.options.personKeys!(r);
          return entry ? [{ ...entry, fresh: this.read.get(keyOf(r.entity, r.id)) === null }] : [];
        })
      : [];
    return {
      clientId, marks, at,
      records: written.map(({ serverSeq: _seq, createdAt: _at, ...r }) => r),
      audits: this.audits,
      personKeys: people,
      also: () => this.options.alsoWrite?.(written) ?? [],
      links: this.links,
    };
  }

  /** What the merge read, to look at again under the lock (null: nothing); StaleBatchRead when a case's steps already moved during the merge. */
  private readsToCheck(): StampKeys | null {
    if (this.stepsMoved) throw new StaleBatchRead();
    const keys = [...this.read.keys()].map((k) => {
      const [entity, id] = k.split('\u0000') as [string, string];
      return { entity, id };
    });
    return keys.length === 0 && this.steps.size === 0 ? null : { keys, caseIds: [...this.steps.keys()] };
  }

  /**
   * Under the lock: every record the merge read has the serverSeq it had then (absent ones still
   * absent), and every case whose steps it listed has the same steps (K5: a step another process linked
   * in between changes the fold). Otherwise StaleBatchRead.
   */
  private checkStamps(now: ReadStamps): void {
    for (const [k, r] of this.read) if ((now.seqs.get(k) ?? null) !== (r ? r.serverSeq : null)) throw new StaleBatchRead();
    for (const [caseId, read] of this.steps) if (stepsRead(now.steps.get(caseId) ?? []) !== read) throw new StaleBatchRead();
  }
}
