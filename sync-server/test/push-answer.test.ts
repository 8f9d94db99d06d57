import { describe, expect, it } from 'vitest';
import type { PushResponse } from '../../src/shared/protocol/messages';
import { PROTOCOL_VERSION, RESULTS_BY_SEQ, RESULTS_HEADER } from '../../src/shared/protocol/version';
import type { StoreKind, TestServer, TestSession } from '../../test/helpers/server-harness';
import { createHousehold, newId } from './fixtures';
import { serverAndWorker } from './server-and-worker';

/** Issue 18: the record id in every result was ~8 % of a push's bytes, and the tablet maps results by seq. */
describe.each<StoreKind>(['sqlite', 'postgres'])('[P16] the push answer by seq (%s)', (kind) => {
  let server: TestServer;
  let wang: TestSession;
  serverAndWorker(kind, (started) => ({ server, wang } = started));

  const push = (changes: object[], bySeq: boolean) =>
    server.inject('POST', '/api/sync/push', {
      session: wang,
      headers: bySeq ? { [RESULTS_HEADER]: RESULTS_BY_SEQ } : {},
      body: { protocol: PROTOCOL_VERSION, deviceId: wang.deviceId, changes },
    });

  it('[P16] a tablet asking for results by seq gets them without the record id; a replay too; one that does not ask (release 1) gets the id', async () => {
    const good = createHousehold(1);
    const oldForm = createHousehold(2, newId(), {}, { formVersion: 99 });
    const res = await push([good, oldForm], true);
    expect(res.statusCode).toBe(200);
    expect((res.json() as PushResponse).results).toEqual([
      { seq: 1, status: 'applied', version: 1 },
      { seq: 2, status: 'rejected', code: 'CHANGE_FORM_VERSION' },
    ]);
    expect(res.body).not.toContain(good.id);
    // P2: the stored result keeps its id, so a release-1 replay of the same batch hears it with the id.
    const replay = await push([good, oldForm], false);
    expect((replay.json() as PushResponse).results).toEqual([
      { seq: 1, id: good.id, status: 'applied', version: 1 },
      { seq: 2, id: oldForm.id, status: 'rejected', code: 'CHANGE_FORM_VERSION' },
    ]);
    expect(((await push([good, oldForm], true)).json() as PushResponse).results).toEqual([
      { seq: 1, status: 'applied', version: 1 },
      { seq: 2, status: 'rejected', code: 'CHANGE_FORM_VERSION' },
    ]);
  });

  it('[P16][B1] a change set aside as too complex is answered by seq too, in its place', async () => {
    const good = createHousehold(1);
    const deep = createHousehold(2, newId(), { extra: JSON.parse('{"a":'.repeat(200) + '1' + '}'.repeat(200)) as unknown });
    const res = await push([good, deep], true);
    expect(res.statusCode).toBe(200);
    expect((res.json() as PushResponse).results).toEqual([
      { seq: 1, status: 'applied', version: 1 },
      { seq: 2, status: 'rejected', code: 'CHANGE_TOO_COMPLEX' },
    ]);
  });
});
