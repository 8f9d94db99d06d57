/**
 * What skipping the person index's DELETE for new records saves (issue 14, fourth session):
 * `npx tsx test/bench/ingest/person-keys-cost.ts [sqlite|postgres]` indexes 10,000 new households
 * (3 ID numbers each) in 20 transactions of 500, with the DELETE first (as before) and without it
 * (`fresh`), alternating, on a temp store; prints the time of each.
 */
import { createTempStore } from '../../helpers/server-harness';
import type { PersonKeysEntry } from '../../../sync-server/src/store/store';

const kind = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const temp = await createTempStore(kind);
try {
  let n = 0;
  const batch = (fresh: boolean): PersonKeysEntry[] =>
    Array.from({ length: 500 }, () => {
      n++;
      return { entity: 'household', recordId: `h-${n}`, idHmacs: [`a${n}`, `b${n}`, `c${n}`], fresh };
    });
  const totals = { delete: 0, fresh: 0 };
  for (let round = 0; round < 20; round++) {
    for (const fresh of round % 2 ? [true, false] : [false, true]) {
      const entries = batch(fresh);
      const t = performance.now();
      await temp.store.transaction((tx) => tx.replacePersonKeysMany(entries));
      totals[fresh ? 'fresh' : 'delete'] += performance.now() - t;
    }
  }
  console.log(`${kind}: 10,000 households in 20 transactions: with the DELETE ${totals.delete.toFixed(0)} ms, without (fresh) ${totals.fresh.toFixed(0)} ms`);
} finally {
  await temp.cleanup();
}
