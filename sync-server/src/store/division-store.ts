import type { Division } from '../../../src/shared/schema/division';

/** A division to insert; level and parent are derived from the code by the caller (areas/registry.ts). */
export interface DivisionInsert {
  code: string;
  name: string;
  level: Division['level'];
  parentCode: string | null;
  provisional: boolean;
  at: string;
}

/** A row of release 1 the upgrade could not give an area to (migration 002): the administrator decides. */
export interface AreaQueueItem {
  id: number;
  kind: 'record' | 'event-township' | 'attachment' | 'audit';
  entity: string | null;
  recordId: string | null;
  /** event-township: the index in the event's townships list. */
  position: number | null;
  sha256: string | null;
  auditId: number | null;
  /** The township name as release 1 wrote it. */
  writtenTownship: string;
  /** The codes it could be (empty: no account ever named that township). */
  candidates: string[];
  createdAt: string;
  resolvedCode: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

/**
 * The division registry and the upgrade's queue (issue 10). Part of Store; both implementations pass
 * test/contract/division-contract.ts. Divisions are never deleted: retired with a successor.
 */
export interface DivisionStore {
  /** Every division, active and retired, ordered by code. */
  listDivisions(): Promise<Division[]>;
  getDivision(code: string): Promise<Division | null>;
  /**
   * Inserts all the rows in one transaction, parents before children, or none. StoreConflictError when
   * a code exists or a name is taken among the active children of the parent.
   */
  addDivisions(rows: DivisionInsert[]): Promise<Division[]>;
  /** StoreConflictError when the name is taken among the active children of the parent. */
  renameDivision(code: string, name: string, at: string): Promise<Division | null>;
  /** Marks the division retired with its successor (which must exist: the caller checks it is active). */
  retireDivision(code: string, successorCode: string, at: string): Promise<Division | null>;
  /** The queue, oldest first; `open` only the unresolved. */
  listAreaQueue(filter?: { open?: boolean }): Promise<AreaQueueItem[]>;
  getAreaQueueItem(id: number): Promise<AreaQueueItem | null>;
}

/** Inside a record transaction (StoreTx): settle a queue item. */
export interface AreaQueueTx {
  /**
   * Marks the item resolved with `code`; for an attachment also sets its township, for an audit row
   * maps it in audit_areas (the audit log itself is never changed). False when already resolved.
   */
  resolveAreaQueueItem(id: number, code: string, by: string, at: string): Promise<boolean>;
}
