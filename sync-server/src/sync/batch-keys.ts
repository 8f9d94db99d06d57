import type { Change } from '../../../src/shared/protocol/messages';
import { ENTITY_DEFINITIONS } from '../../../src/shared/schema/registry';
import type { RecordKey } from '../store/store';
import { referencedIds } from './check-references';
import { CONFLICT_ENTITY, conflictRecordId } from './conflict-records';

/**
 * The keys a batch preloads (issue 14). Only a guess at what applying will read — a key missed here
 * is read on demand (BatchTx.getRecord) — so a wrong guess costs a query, never an answer.
 */

/** The records a change's references name (SPEC A6: checked against the writer's area). */
export function referencedKeys(change: Change): RecordKey[] {
  const refs = ENTITY_DEFINITIONS[change.entity]?.references ?? [];
  return refs.flatMap((ref) => referencedIds(change.fields, ref.path).map(({ id }) => ({ entity: ref.entity, id })));
}

/** The conflict records a change to an existing record may open or resolve: one per field it sends (SPEC C4, C6). */
export function conflictKeys(change: Change): RecordKey[] {
  return Object.keys(change.fields).map((field) => ({ entity: CONFLICT_ENTITY, id: conflictRecordId(change.entity, change.id, field) }));
}
