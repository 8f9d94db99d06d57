import type { CompiledQuery } from 'kysely';
import type { Store, StoreTx, StoredRecord } from '../store/store';
import { counterOf } from './counter';

/**
 * What a write leaves to be counted (issue 14 and 16, SPEC D9): in the writer's transaction, only a
 * mark per household, hand-out and correction written (migration 013); the counter (counter.ts) counts
 * them after the commit, off the push's path, and every reader drains it first. The one call a push
 * batch (sync/apply-push.ts) and an area's re-coding (areas/resolve-queue-item.ts) make.
 */
export async function countWritten(tx: Pick<StoreTx, 'runCompiled'>, written: readonly StoredRecord[], store: Store): Promise<void> {
  await counterOf(store).mark(tx, written);
}

/** countWritten's statements, for a push batch that writes them with its own (sync/batch-tx.ts `alsoWrite`). */
export function countWrittenQueries(written: readonly StoredRecord[], store: Store): CompiledQuery[] {
  return counterOf(store).marking(written);
}

/**
 * After the writer's commit: hands the counter the records it wrote, so the count takes the parse the
 * write made of each household instead of parsing it again (SPEC I2, counter.ts `remember`).
 */
export function writtenCommitted(written: Iterable<StoredRecord>, store: Store): void {
  counterOf(store).remember(written);
}
