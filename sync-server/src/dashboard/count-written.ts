import type { PersonKeyOf } from '../../../src/shared/rules/relocation/person-key';
import type { StoreTx, StoredRecord } from '../store/store';
import type { CountedDb } from './counted-queries';
import { recountRelief } from './counted-relief';
import { recountHouseholds } from './person-rows';

/**
 * What a write changes in the county's counting (issue 16, SPEC D1, D7), in the writer's transaction:
 * the households it changes and those linked to them, and the hand-outs it adds or corrects. The one
 * call a push batch (sync/apply-push.ts) and an area's re-coding (areas/resolve-queue-item.ts) make.
 */
export async function countWritten(tx: Pick<StoreTx, 'runCompiled' | 'getRecords'>, written: readonly StoredRecord[], keyOf: PersonKeyOf, db: CountedDb): Promise<void> {
  await recountHouseholds(tx, written, keyOf, db);
  await recountRelief(tx, written, db);
}
