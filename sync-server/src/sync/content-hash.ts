import { hash } from 'node:crypto';
import { canonicalJson } from '../../../src/shared/protocol/canonical-json';
import type { Change } from '../../../src/shared/protocol/messages';

/**
 * SPEC P8: what a change says, as one SHA-256 over the canonical JSON of its content (everything but
 * `seq`). A replay of the same change has the same hash whatever order its keys came in; another
 * change at the same (client id, seq) has another. `changedAt` is null for protocol 1 changes, which
 * carried no change time (the server stamps their arrival, which differs on each replay; SPEC V2).
 */
export function changeContentHash(change: Omit<Change, 'seq' | 'changedAt'> & { changedAt: string | null }): string {
  const content = {
    entity: change.entity,
    id: change.id,
    baseVersion: change.baseVersion,
    fields: change.fields,
    formVersion: change.formVersion,
    changedAt: change.changedAt,
  };
  // One-shot (Node ≥ 20.12): no Hash object per change; the same SHA-256 of the same UTF-8 text.
  return hash('sha256', canonicalJson(content), 'hex');
}
