import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushResponse } from '../../src/shared/protocol/messages';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { ENTITY_DEFINITIONS } from '../../src/shared/schema/registry';
import { makeIdHmac } from '../src/sync/id-hmac';
import { change, createHousehold, householdFields, newId, validIdNumber } from './fixtures';
import { ANPING_LIULIN, ANPING_QINGHE } from '../../test/fixtures/areas';

describe.each<StoreKind>(['sqlite', 'postgres'])('push (%s)', (kind) => {
  let server: TestServer;
  let wang: TestSession;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    wang = await server.session({ username: 'wang' });
  });
  afterEach(() => server.close());

  const results = (res: { json(): unknown }) => (res.json() as PushResponse).results;

  it('[C1] a create is applied at version 1 and stored under the account township', async () => {
    const id = newId();
    const res = await server.push(wang, [createHousehold(1, id, { origin: { village: '河东村', township: ANPING_LIULIN } })]);
    expect(res.statusCode).toBe(200);
    const body = res.json() as PushResponse;
    expect(body.results).toEqual([{ seq: 1, id, status: 'applied', version: 1 }]);
    expect(body.serverTime).toBe(server.clock.now().toISOString());
    const stored = await server.store.getRecord('household', id);
    // A2: the township comes from the account, whatever the payload says.
    expect(stored).toMatchObject({ township: ANPING_QINGHE, version: 1, createdBy: wang.user.id, originClient: wang.deviceId });
  });

  it('[P2] a replayed batch gives the same results and changes nothing', async () => {
    const batch = [createHousehold(1), createHousehold(2), change(3, 'hh-unknown-1', { notes: 'partial' })];
    const first = await server.push(wang, batch);
    const before = await server.store.listRecords({ townships: null, limit: 100 });
    const auditBefore = await server.store.listAudit({ limit: 1000 });
    server.clock.advance(60_000);
    const second = await server.push(wang, batch);
    expect(results(second)).toEqual(results(first));
    expect(await server.store.listRecords({ townships: null, limit: 100 })).toEqual(before);
    expect(await server.store.listAudit({ limit: 1000 })).toEqual(auditBefore);
    expect(await server.store.countAppliedChanges(wang.deviceId)).toBe(3);
  });

  it('[P2][P8] the same seq with other content is not a replay: CLIENT_ID_REUSED, and the stored record stays', async () => {
    // Issue 10 finding 4: this used to be answered with the first result, and the new content was lost.
    const id = newId();
    const first = createHousehold(1, id);
    await server.push(wang, [first]);
    const other = await server.push(wang, [{ ...first, fields: { ...first.fields, membersCount: 9 } }]);
    expect(other.statusCode).toBe(409);
    expect((other.json() as { error: { code: string } }).error.code).toBe('CLIENT_ID_REUSED');
    expect((await server.store.getRecord('household', id))?.fields.membersCount).toBe(3);
    expect(results(await server.push(wang, [first]))).toEqual([{ seq: 1, id, status: 'applied', version: 1 }]);
  });

  it('[P5] one invalid change is rejected on its own; the rest of the batch applies', async () => {
    const good1 = createHousehold(1);
    const bad = createHousehold(2, newId(), { head: { name: '李四', idNumber: '330102198001010010' }, membersCount: 0 });
    const oldForm = createHousehold(3, newId(), {}, { formVersion: 99 });
    const good2 = createHousehold(4);
    const res = await server.push(wang, [good1, bad, oldForm, good2]);
    expect(res.statusCode).toBe(200);
    const [r1, r2, r3, r4] = results(res);
    expect(r1).toMatchObject({ seq: 1, status: 'applied' });
    expect(r2).toMatchObject({ seq: 2, status: 'rejected', code: 'CHANGE_INVALID' });
    expect(r2!.issues).toEqual(
      expect.arrayContaining([
        { path: 'head.idNumber', message: 'id.checkChar' },
        { path: 'membersCount', message: 'membersCount.min' },
      ]),
    );
    expect(r3).toEqual({ seq: 3, id: oldForm.id, status: 'rejected', code: 'CHANGE_FORM_VERSION' });
    expect(r4).toMatchObject({ seq: 4, status: 'applied' });
    expect(await server.store.getRecord('household', bad.id)).toBeNull();
    // The rejection is a result like any other (P2): it never blocks the queue, a replay repeats it.
    expect(results(await server.push(wang, [bad]))).toEqual([r2]);
    // A corrected save is a new change with a new seq.
    expect(results(await server.push(wang, [createHousehold(5, bad.id)]))[0]).toMatchObject({ status: 'applied', version: 1 });
  });

  it('[P5] an invalid update leaves the stored record untouched', async () => {
    const id = newId();
    await server.push(wang, [createHousehold(1, id)]);
    const before = await server.store.getRecord('household', id);
    const res = await server.push(wang, [change(2, id, { placement: 'centralised', shelterSiteId: undefined, membersCount: 'three' }, { baseVersion: 1 })]);
    expect(results(res)[0]).toMatchObject({ status: 'rejected', code: 'CHANGE_INVALID' });
    expect(await server.store.getRecord('household', id)).toEqual(before);
  });

  it('[P5] an entity with no definition in the registry is read-only', async () => {
    // The registry is looked up per change; take one entry out for this test only.
    const saved = ENTITY_DEFINITIONS.relief;
    delete ENTITY_DEFINITIONS.relief;
    try {
      const res = await server.push(wang, [change(1, newId('rl'), { id: 'x' }, { entity: 'relief' }), createHousehold(2)]);
      expect(results(res)[0]).toMatchObject({ status: 'rejected', code: 'CHANGE_ENTITY_READ_ONLY' });
      expect(results(res)[1]).toMatchObject({ status: 'applied' });
    } finally {
      if (saved) ENTITY_DEFINITIONS.relief = saved;
    }
  });

  it('[P5] a record id inside the fields must be the change id', async () => {
    const res = await server.push(wang, [change(1, newId(), householdFields(newId()))]);
    expect(results(res)[0]!.issues).toContainEqual({ path: 'id', message: 'id.mismatch' });
  });

  it('[A2] a change to a record of another township is rejected OUT_OF_AREA and audited', async () => {
    const id = newId();
    await server.push(wang, [createHousehold(1, id)]);
    const li = await server.session({ username: 'li', township: ANPING_LIULIN });
    const res = await server.push(li, [change(1, id, { notes: '别人的' }, { baseVersion: 1 })]);
    expect(results(res)).toEqual([{ seq: 1, id, status: 'rejected', code: 'OUT_OF_AREA' }]);
    expect((await server.store.getRecord('household', id))?.fields.notes).toBeUndefined();
    const denials = await server.store.listAudit({ action: 'sync.denied', limit: 10 });
    expect(denials).toEqual([expect.objectContaining({ userId: li.user.id, township: ANPING_LIULIN, recordId: id, detail: { seq: 1, code: 'OUT_OF_AREA' } })]);
  });

  it('stores a keyed HMAC of the head ID number, never the number in an index or the audit log', async () => {
    const id = newId();
    await server.push(wang, [createHousehold(1, id, { head: { name: '王芳', idNumber: validIdNumber(7).toLowerCase() } })]);
    const hmac = makeIdHmac(await server.store.getServerSecret('id_hmac'))(validIdNumber(7));
    expect((await server.store.getRecord('household', id))?.idHmac).toBe(hmac);
    expect((await server.store.findRecordsByIdHmac(hmac)).map((r) => r.id)).toEqual([id]);
    const audit = JSON.stringify(await server.store.listAudit({ limit: 100 }));
    expect(audit).not.toContain(validIdNumber(7));
    expect(audit).not.toContain('王芳');
  });

  it('[V2] accepts protocol 1: whole records, read as based on version 0 made on arrival', async () => {
    const id = newId();
    const res = await server.inject('POST', '/api/sync/push', {
      session: wang,
      body: { protocol: 1, deviceId: wang.deviceId, changes: [{ seq: 1, entity: 'household', id, data: householdFields(id), formVersion: 1 }] },
    });
    expect(res.statusCode).toBe(200);
    expect(results(res)).toEqual([{ seq: 1, id, status: 'applied', version: 1 }]);
    // C9: the stamp names the pushing account beside the client id.
    expect((await server.store.getRecord('household', id))?.fieldStamps.membersCount).toEqual({ at: server.clock.now().toISOString(), device: wang.deviceId, account: wang.user.id });
  });

  it('[V2][A1] a tablet offline for 30 days logs in again and uploads its month-old queue in the previous protocol', async () => {
    // Registered on day 1 by an app still on protocol 1; the tablet comes back online 30 days later.
    const ids = [newId(), newId(), newId()];
    const checkInAt = server.clock.now().toISOString();
    server.clock.advance(30 * 24 * 3600_000);
    const expired = await server.inject('POST', '/api/sync/push', { session: wang, body: { protocol: 1, deviceId: wang.deviceId, changes: [] } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('SESSION_EXPIRED');
    const again = await server.login('wang', wang.password, wang.deviceId);
    const body = {
      protocol: 1,
      deviceId: wang.deviceId,
      changes: ids.map((id, i) => ({ seq: i + 1, entity: 'household', id, data: householdFields(id, { checkInAt }), formVersion: 1 })),
    };
    const res = await server.inject('POST', '/api/sync/push', { session: again, body });
    expect(res.statusCode).toBe(200);
    expect(results(res).map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    for (const id of ids) expect((await server.store.getRecord('household', id))?.fields.checkInAt).toBe(checkInAt);
    // And once more, as a tablet that never heard the answer would: nothing changes.
    const replay = await server.inject('POST', '/api/sync/push', { session: again, body });
    expect(results(replay)).toEqual(results(res));
    expect(await server.store.countAppliedChanges(wang.deviceId)).toBe(3);
  });

  it('[V3] an unknown protocol is refused with 426 before anything is written', async () => {
    for (const protocol of [0, 3, 99]) {
      const res = await server.inject('POST', '/api/sync/push', {
        session: wang,
        body: { protocol, deviceId: wang.deviceId, whatever: [{ new: 'shape' }] },
      });
      expect(res.statusCode).toBe(426);
      expect(res.json().error).toMatchObject({ code: 'PROTOCOL_UNSUPPORTED', details: { protocol, supported: [1, 2] } });
    }
    expect(await server.store.countAppliedChanges()).toBe(0);
  });

  it('answers 400 VALIDATION_FAILED with issues for a malformed batch, and writes nothing', async () => {
    const res = await server.inject('POST', '/api/sync/push', {
      session: wang,
      body: { protocol: 2, deviceId: wang.deviceId, changes: [{ ...createHousehold(1), seq: 'one' }, createHousehold(2)] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.issues).toContainEqual(expect.objectContaining({ path: 'changes.0.seq' }));
    const tooMany = await server.push(wang, Array.from({ length: 501 }, (_, i) => change(i + 1, newId(), {})));
    expect(tooMany.statusCode).toBe(400);
    expect(await server.store.countAppliedChanges()).toBe(0);
  });

  it('[A5] refuses a batch under another account’s client id, and an account without township', async () => {
    // A fresh client id is bound to the pushing account (A5); one another account holds is refused.
    const li = await server.session({ username: 'li' });
    const res = await server.inject('POST', '/api/sync/push', { session: wang, body: { protocol: 2, deviceId: li.deviceId, changes: [createHousehold(1)] } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CLIENT_ID_TAKEN');
    const admin = await server.session({ role: 'admin' });
    expect((await server.push(admin, [createHousehold(1)])).statusCode).toBe(403);
    expect(await server.store.countAppliedChanges()).toBe(0);
  });
});
