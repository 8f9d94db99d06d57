import { afterEach, describe, expect, it } from 'vitest';
import { createTempStore, startTestServer, type TempStore, type TestServer } from '../../test/helpers/server-harness';
import type { Store } from '../src/store/store';
import { gzipSync } from 'node:zlib';
import { PROTOCOL_VERSION } from '../../src/shared/protocol/version';
import type {} from '../src/http/push-slots'; // the app's `pushes` counters (SPEC I5)
import { createHousehold } from './fixtures';

/** A store whose push transactions wait until the test opens the gate; counts the transactions begun. */
function gatedStore(temp: TempStore): { store: Store; open(): void; begun(): number } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let begun = 0;
  const inner = temp.store;
  const store = temp.overlay();
  store.transaction = async (fn, options) => {
    begun++;
    await gate;
    return inner.transaction(fn, options);
  };
  return { store, open, begun: () => begun };
}

const until = async (what: () => boolean) => {
  while (!what()) await new Promise((r) => setTimeout(r, 20));
};

describe('[I3] a push past the cap waits its turn (issue 14: a reconnect storm is queued, not shed)', () => {
  let server: TestServer | undefined;
  let temp: TempStore | undefined;
  afterEach(async () => {
    await server?.close();
    await temp?.cleanup();
    server = temp = undefined;
  });

  it('[I3] waits for the slot and is applied when it frees; one more than may wait hears 503 at once', async () => {
    temp = await createTempStore();
    const gated = gatedStore(temp);
    server = await startTestServer({ store: gated.store, config: { maxPushesInFlight: 1, pushWaitSeconds: 30, maxPushesWaiting: 1, overloadRetryAfterSeconds: 7 } });
    const wang = await server.session({ deviceId: 'dev-wang-0001' });
    const zhao = await server.session({ deviceId: 'dev-zhao-0001' });
    const li = await server.session({ deviceId: 'dev-li-00001' });
    const first = server.push(wang, [createHousehold(1)]);
    await until(() => gated.begun() === 1);
    let secondDone = false;
    const second = server.push(zhao, [createHousehold(1)]).finally(() => (secondDone = true));
    // The second waits (no transaction of its own yet); a third finds the queue full.
    const third = await server.push(li, [createHousehold(1)]);
    expect(third.statusCode).toBe(503);
    expect(third.headers['retry-after']).toBe('7');
    expect(third.json().error).toMatchObject({ code: 'OVERLOADED' });
    expect(secondDone).toBe(false);
    expect(gated.begun()).toBe(1);
    gated.open();
    expect((await first).statusCode).toBe(200);
    const answered = await second;
    expect(answered.statusCode).toBe(200);
    expect(answered.json().results[0]).toMatchObject({ status: 'applied' });
    // Every slot and place in the queue is given back.
    expect((await server.push(li, [createHousehold(1)])).statusCode).toBe(200);
    expect((await server.push(wang, [createHousehold(2)])).statusCode).toBe(200);
  });

  it('[I3] a push that waited its longest hears 503 OVERLOADED with Retry-After; the queue is left clean', async () => {
    temp = await createTempStore();
    const gated = gatedStore(temp);
    server = await startTestServer({ store: gated.store, config: { maxPushesInFlight: 1, pushWaitSeconds: 0.3, maxPushesWaiting: 5, overloadRetryAfterSeconds: 4 } });
    const wang = await server.session({ deviceId: 'dev-wang-0001' });
    const zhao = await server.session({ deviceId: 'dev-zhao-0001' });
    const first = server.push(wang, [createHousehold(1)]);
    await until(() => gated.begun() === 1);
    const waited = await server.push(zhao, [createHousehold(1)]);
    expect(waited.statusCode).toBe(503);
    expect(waited.headers['retry-after']).toBe('4');
    gated.open();
    expect((await first).statusCode).toBe(200);
    // The timed-out push left the queue: the freed slot is the pool's again.
    expect((await server.push(zhao, [createHousehold(1)])).statusCode).toBe(200);
    expect((await server.push(zhao, [createHousehold(2)])).statusCode).toBe(200);
  });

  it('[I3][B2] the pushes an account has waiting count towards its share: past it, 429 at once', async () => {
    temp = await createTempStore();
    const gated = gatedStore(temp);
    server = await startTestServer({ store: gated.store, config: { maxPushesInFlight: 1, maxPushesPerAccount: 1, pushWaitSeconds: 30, overloadRetryAfterSeconds: 4 } });
    const wang = await server.session({ deviceId: 'dev-wang-0001' });
    const zhao = await server.session({ deviceId: 'dev-zhao-0001' });
    const first = server.push(zhao, [createHousehold(1)]);
    await until(() => gated.begun() === 1);
    const waiting = server.push(wang, [createHousehold(1)]);
    await new Promise((r) => setTimeout(r, 50));
    const again = await server.push(wang, [createHousehold(2)]);
    expect(again.statusCode).toBe(429);
    gated.open();
    expect((await first).statusCode).toBe(200);
    expect((await waiting).statusCode).toBe(200);
  });

  it('[I5] a waiting push reads nothing of its body (no inflating, no parsing) until it holds its slot', async () => {
    temp = await createTempStore();
    const gated = gatedStore(temp);
    server = await startTestServer({ store: gated.store, config: { maxPushesInFlight: 1, pushWaitSeconds: 30, maxPushesWaiting: 5 } });
    const wang = await server.session({ deviceId: 'dev-wang-0001' });
    const zhao = await server.session({ deviceId: 'dev-zhao-0001' });
    const li = await server.session({ deviceId: 'dev-li-00001' });
    const counters = server.app.pushes;
    const readBefore = counters.bodiesRead;
    const first = server.push(wang, [createHousehold(1)]);
    await until(() => gated.begun() === 1);
    expect(counters.bodiesRead).toBe(readBefore + 1);
    // Two more wait behind it, one of them gzip-compressed as a tablet sends it (SPEC P7).
    const gzipped = server.app.inject({
      method: 'POST', url: '/api/sync/push',
      headers: { ...li.headers, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId: li.deviceId, changes: [createHousehold(1)] })),
    });
    const plain = server.push(zhao, [createHousehold(1)]);
    // Both have passed the token check and are queued: three accounts hold or wait for a slot.
    await until(() => counters.byAccount.size === 3);
    await new Promise((r) => setTimeout(r, 50));
    expect(counters.bodiesRead).toBe(readBefore + 1);
    gated.open();
    expect((await first).statusCode).toBe(200);
    expect((await gzipped).json().results[0]).toMatchObject({ status: 'applied' });
    expect((await plain).json().results[0]).toMatchObject({ status: 'applied' });
    expect(counters.bodiesRead).toBe(readBefore + 3);
  });
});
