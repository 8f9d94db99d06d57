import type { MergeableRecord } from '../../../src/shared/rules/merge';
import type { PullRow, StoredRecord } from '../store/store';

/** The part of a stored record the shared merge rule works on. */
export function mergeable(r: StoredRecord): MergeableRecord {
  return { version: r.version, fields: r.fields, fieldVersions: r.fieldVersions, fieldStamps: r.fieldStamps };
}

/**
 * A stored record as a pull sends it (SPEC L1), as JSON text: what JSON.stringify makes of the PulledRecord
 * (its keys in this order, `deleted` only when true), its fields' text put in as read (issue 18: a page's
 * fields are neither parsed nor stringified again; sync-server/test/pull-answer-text.test.ts).
 */
export function pulledJson(r: PullRow): string {
  const s = JSON.stringify;
  return `{"entity":${s(r.entity)},"id":${s(r.id)},"version":${s(r.version)},"serverSeq":${s(r.serverSeq)},"township":${s(r.township)},"fields":${r.fieldsJson},"updatedAt":${s(r.updatedAt)}${r.deleted ? ',"deleted":true' : ''}}`;
}

