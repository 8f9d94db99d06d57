import { describe, expect, it } from 'vitest';
import type { PushResponse } from '../../src/shared/protocol/messages';
import { MAX_CHANGE_KEYS } from '../../src/shared/rules/change-bounds';
import type { StoreKind, TestServer, TestSession } from '../../test/helpers/server-harness';
import { createHousehold, newId } from './fixtures';
import { serverAndWorker } from './server-and-worker';

/** Issue 11 §3: a 10,000-level value in one change failed the whole batch with 500 on every retry. */
describe.each<StoreKind>(['sqlite', 'postgres'])('[B1][P5] bounded input per change (%s)', (kind) => {
  let server: TestServer;
  let wang: TestSession;
  serverAndWorker(kind, (started) => ({ server, wang } = started));

  /** JSON.stringify itself overflows on such a value, so the body is written as text. */
  const pushText = (changes: object[], placeholder: string, value: string) =>
    server.app.inject({
      method: 'POST', url: '/api/sync/push',
      headers: { ...wang.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ protocol: 2, deviceId: wang.deviceId, changes }).replace(JSON.stringify(placeholder), value),
    });
  const deep = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

  it('[B1] a change nested 10,000 levels deep is rejected alone with CHANGE_TOO_COMPLEX; the rest applies; a replay says the same', async () => {
    const good1 = createHousehold(1);
    const badId = newId();
    const bad = createHousehold(2, badId, { extra: '@DEEP@' });
    const good2 = createHousehold(3);
    const res = await pushText([good1, bad, good2], '@DEEP@', deep(10_000));
    expect(res.statusCode).toBe(200);
    const { results } = res.json() as PushResponse;
    expect(results).toEqual([
      { seq: 1, id: good1.id, status: 'applied', version: 1 },
      { seq: 2, id: badId, status: 'rejected', code: 'CHANGE_TOO_COMPLEX' },
      { seq: 3, id: good2.id, status: 'applied', version: 1 },
    ]);
    expect(await server.store.getRecord('household', badId)).toBeNull();
    expect(await server.store.getRecord('household', good2.id)).not.toBeNull();
    // P2: recorded like any result, so the tablet's queue moves on and a replay changes nothing.
    expect(await server.store.countAppliedChanges(wang.deviceId)).toBe(3);
    const replay = await pushText([good1, bad, good2], '@DEEP@', deep(10_000));
    expect((replay.json() as PushResponse).results).toEqual(results);
    const audit = await server.store.listAudit({ action: 'sync.rejected', limit: 10 });
    expect(audit.map((a) => a.detail)).toEqual([{ seq: 2, code: 'CHANGE_TOO_COMPLEX' }]);
  });

  it('[B1] a batch of nothing but too-complex changes is answered, not refused', async () => {
    const bad = createHousehold(1, newId(), { extra: '@DEEP@' });
    const res = await pushText([bad], '@DEEP@', deep(50));
    expect(res.statusCode).toBe(200);
    expect((res.json() as PushResponse).results).toEqual([{ seq: 1, id: bad.id, status: 'rejected', code: 'CHANGE_TOO_COMPLEX' }]);
  });

  it('[B1] too many keys in one change is rejected alone; a seq applied before keeps its first result', async () => {
    const first = createHousehold(1);
    await server.push(wang, [first]);
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: MAX_CHANGE_KEYS + 1 }, (_, i) => [`k${i}`, i])));
    const replayOfFirst = { ...first, fields: { ...first.fields, extra: '@WIDE@' } };
    const bad = createHousehold(2, newId(), { extra: '@WIDE@' });
    const good = createHousehold(3);
    const body = JSON.stringify({ protocol: 2, deviceId: wang.deviceId, changes: [replayOfFirst, bad, good] }).replaceAll('"@WIDE@"', wide);
    const res = await server.app.inject({ method: 'POST', url: '/api/sync/push', headers: { ...wang.headers, 'content-type': 'application/json' }, payload: body });
    expect(res.statusCode).toBe(200);
    expect((res.json() as PushResponse).results).toEqual([
      { seq: 1, id: first.id, status: 'applied', version: 1 },
      { seq: 2, id: bad.id, status: 'rejected', code: 'CHANGE_TOO_COMPLEX' },
      { seq: 3, id: good.id, status: 'applied', version: 1 },
    ]);
  });
});
