import { describe, expect, it } from 'vitest';
import { clientRig } from '../../test/helpers/client-rig';
import { installIdbCounter } from '../../test/helpers/idb-counter';
import { seedHouseholds } from '../../test/helpers/named-households';
import { HOUSEHOLD_PAGE } from './household-list';

/**
 * What one name search asks of IndexedDB (issue 18: on disk each transaction and request costs more). The
 * counter wraps fake-indexeddb's prototypes, installed before the session's database opens.
 */
describe('a name search reads the index and its page in three transactions, no cursor walk (SPEC N7, N8)', () => {
  it('[N7][N8] a query of one token: the index flag, the range key-only in one request, the page\'s rows in one bulk read', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const s = await rig.client.loginOnline('li', 'pw-li');
    await seedHouseholds(s, () => rig.clock.advance(60_000), 7_000, HOUSEHOLD_PAGE + 30, () => '张建国');
    rig.client.lock();
    const counter = installIdbCounter();
    try {
      const cold = await rig.client.unlockOffline('li', 'pw-li');
      await new Promise((r) => setTimeout(r, 200)); // the session's own first reads after unlock, not counted below
      counter.reset();
      const page = await cold.households.search({ text: '张建' }, HOUSEHOLD_PAGE);
      expect(page.items).toHaveLength(HOUSEHOLD_PAGE);
      const c = counter.read();
      expect(c.transactions).toBe(3);
      expect(c.cursorSteps).toBe(0);
      expect(c.requests.getAllKeys).toBe(1);
      expect(c.requests.get).toBeLessThanOrEqual(1 + HOUSEHOLD_PAGE + 1); // the flag, the page and the one after it
      // Its rows cached: the flag and the index alone.
      counter.reset();
      await cold.households.search({ text: '张建' }, HOUSEHOLD_PAGE);
      expect(counter.read()).toMatchObject({ transactions: 2, cursorSteps: 0, requests: { get: 1, getAllKeys: 1 } });
    } finally {
      counter.uninstall();
    }
  }, 120_000);
});
