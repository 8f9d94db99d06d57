import { afterEach, describe, expect, it } from 'vitest';
import { createTempStore, startTestServer, type TempStore, type TestServer } from '../../test/helpers/server-harness';
import type { Store } from '../src/store/store';
import { createHousehold } from './fixtures';

/** A store whose push transactions wait until the test opens the gate. */
function gatedStore(temp: TempStore): { store: Store; open(): void; entered: Promise<void>; sessionLookups(): number } {
  let open!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const enteredP = new Promise<void>((resolve) => (entered = resolve));
  const inner = temp.store;
  const store = temp.overlay();
  let lookups = 0;
  store.getSession = (tokenHash) => {
    lookups++;
    return inner.getSession(tokenHash);
  };
  store.transaction = async (fn) => {
    entered();
    await gate;
    return inner.transaction(fn);
  };
  return { store, open, entered: enteredP, sessionLookups: () => lookups };
}

describe('[E2] back-pressure', () => {
  let server: TestServer | undefined;
  let temp: TempStore | undefined;
  afterEach(async () => {
    await server?.close();
    await temp?.cleanup();
    server = temp = undefined;
  });

  it('answers 503 OVERLOADED with Retry-After when too many pushes are in flight; then recovers', async () => {
    temp = await createTempStore();
    const gated = gatedStore(temp);
    server = await startTestServer({ store: gated.store, config: { maxPushesInFlight: 1, overloadRetryAfterSeconds: 7 } });
    const wang = await server.session({ deviceId: 'dev-wang-0001' });
    const zhao = await server.session({ deviceId: 'dev-zhao-0001' });
    const first = server.push(wang, [createHousehold(1)]);
    await gated.entered;
    const second = await server.push(zhao, [createHousehold(1)]);
    expect(second.statusCode).toBe(503);
    expect(second.headers['retry-after']).toBe('7');
    expect(second.json().error).toMatchObject({ code: 'OVERLOADED', details: { retryAfterSeconds: 7 } });
    // [B2] The slot is counted only after the token was checked (issue 11 §1): a made-up token hears
    // 401, not 503, and never holds a slot that a tablet needs.
    const lookups = gated.sessionLookups();
    const anonymous = await server.inject('POST', '/api/sync/push', { headers: { authorization: 'Bearer ' + 'n'.repeat(43) }, body: {} });
    expect(anonymous.statusCode).toBe(401);
    expect(gated.sessionLookups()).toBe(lookups + 1);
    // Pulls are not pushes.
    expect((await server.pull(zhao)).statusCode).not.toBe(503);
    gated.open();
    expect((await first).statusCode).toBe(200);
    expect((await server.push(zhao, [createHousehold(1)])).statusCode).toBe(200);
    // Every slot is given back, refusals and failures included.
    expect((await server.push(zhao, [createHousehold(2)])).statusCode).toBe(200);
    expect((await server.inject('POST', '/api/sync/push', { headers: { authorization: 'Bearer ' + 'n'.repeat(43) }, body: {} })).statusCode).toBe(401);
    expect((await server.push(wang, [createHousehold(2)])).statusCode).toBe(200);
  });

  it('[B2] one account holds at most its share of the push slots; other tablets still get theirs', async () => {
    temp = await createTempStore();
    const gated = gatedStore(temp);
    server = await startTestServer({ store: gated.store, config: { maxPushesInFlight: 3, maxPushesPerAccount: 1, overloadRetryAfterSeconds: 4 } });
    const wang = await server.session({ deviceId: 'dev-wang-0001' });
    const zhao = await server.session({ deviceId: 'dev-zhao-0001' });
    const first = server.push(wang, [createHousehold(1)]);
    await gated.entered;
    const again = await server.push(wang, [createHousehold(2)]);
    expect(again.statusCode).toBe(429);
    expect(again.headers['retry-after']).toBe('4');
    const other = server.push(zhao, [createHousehold(1)]);
    gated.open();
    expect((await first).statusCode).toBe(200);
    expect((await other).statusCode).toBe(200);
    expect((await server.push(wang, [createHousehold(2)])).statusCode).toBe(200);
  });

  it('answers 429 RATE_LIMITED with Retry-After past the per-account budget; the next minute is fine', async () => {
    server = await startTestServer({ config: { rateLimitPerMinute: 5 } });
    const wang = await server.session();
    const other = await server.session();
    for (let i = 0; i < 5; i++) expect((await server.pull(wang)).statusCode).toBe(200);
    const limited = await server.pull(wang);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another tablet has its own budget.
    expect((await server.pull(other)).statusCode).toBe(200);
    server.clock.advance(60_000);
    expect((await server.pull(wang)).statusCode).toBe(200);
  });
});
