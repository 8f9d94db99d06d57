/**
 * Issue 14: a push validates each change once (SPEC I2) and is one commit (I1), with the answers of before:
 * the strict check of P10 reads nested values from the merged record's parse, yet still answers first.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushResponse } from '../../src/shared/protocol/messages';
import { ANPING_LIULIN } from '../../test/fixtures/areas';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { makeIdHmac } from '../src/sync/id-hmac';
import { change, createHousehold, newId, validIdNumber } from './fixtures';

describe.each<StoreKind>(['sqlite', 'postgres'])('validate once, one commit per push (%s)', (kind) => {
  let server: TestServer;
  let wang: TestSession;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    wang = await server.session({ username: 'wang' });
  });
  afterEach(() => server.close());

  const results = (res: { json(): unknown }) => (res.json() as PushResponse).results;
  const secretHead = (n: number) => ({ name: '王芳', idNumber: validIdNumber(n), secretNote: 'x' });

  it('[I2][P10] a nested stray key is named before an invalid value elsewhere in the change', async () => {
    const id = newId();
    const res = await server.push(wang, [createHousehold(1, id, { head: secretHead(801), notes: '长'.repeat(1001) })]);
    expect(results(res)[0]).toEqual({ seq: 1, id, status: 'rejected', code: 'CHANGE_UNKNOWN_FIELD', issues: [{ path: 'head.secretNote', message: 'field.unknown' }] });
    const audit = await server.store.listAudit({ action: 'sync.rejected', limit: 5 });
    expect(audit.map((a) => a.detail)).toEqual([{ seq: 1, code: 'CHANGE_UNKNOWN_FIELD', paths: ['head.secretNote'] }]);
  });

  it('[I2][P10][A2] a nested stray key is named before OUT_OF_AREA, as when P10 was checked first', async () => {
    const liu = await server.session({ username: 'liu', township: ANPING_LIULIN });
    const id = newId();
    expect(results(await server.push(liu, [createHousehold(1, id)]))[0]).toMatchObject({ status: 'applied' });
    const res = await server.push(wang, [change(1, id, { head: secretHead(802) }, { baseVersion: 1 })]);
    expect(results(res)[0]).toEqual({ seq: 1, id, status: 'rejected', code: 'CHANGE_UNKNOWN_FIELD', issues: [{ path: 'head.secretNote', message: 'field.unknown' }] });
    // Without the stray key the same edit is refused for the area, as before.
    const plain = await server.push(wang, [change(2, id, { head: { name: '王芳', idNumber: validIdNumber(802) } }, { baseVersion: 1 })]);
    expect(results(plain)[0]).toMatchObject({ status: 'rejected', code: 'OUT_OF_AREA' });
  });

  it('[I2][P10][C4] a stray key in a value the merge does not take is named all the same', async () => {
    const id = newId();
    await server.push(wang, [createHousehold(1, id)]);
    const zhao = await server.session({ username: 'zhao' });
    // Zhao changes the head since version 1; Wang's stale edit of the head (base 1, earlier) competes with it.
    const later = await server.push(zhao, [change(1, id, { head: { name: '王芳芳', idNumber: validIdNumber(803) } }, { baseVersion: 1, changedAt: '2026-06-21T10:00:00.000Z' })]);
    expect(results(later)[0]).toMatchObject({ status: 'applied', version: 2 });
    const stale = await server.push(wang, [change(2, id, { head: secretHead(804) }, { baseVersion: 1, changedAt: '2026-06-20T11:00:00.000Z' })]);
    expect(results(stale)[0]).toEqual({ seq: 2, id, status: 'rejected', code: 'CHANGE_UNKNOWN_FIELD', issues: [{ path: 'head.secretNote', message: 'field.unknown' }] });
    expect(await server.store.getRecord('household', id)).toMatchObject({ version: 2 });
  });

  it('[I1] a push of households is one transaction, their person index included', async () => {
    let transactions = 0;
    const inner = server.store.transaction.bind(server.store);
    server.store.transaction = ((fn, options) => {
      transactions++;
      return inner(fn, options);
    }) as typeof server.store.transaction;
    // The index written on its own after the commit was a second commit (and could lag its records).
    let indexedApart = 0;
    const index = server.store.replacePersonKeysMany.bind(server.store);
    server.store.replacePersonKeysMany = (entries) => {
      indexedApart++;
      return index(entries);
    };
    const id = newId();
    const member = validIdNumber(805);
    const res = await server.push(wang, [
      createHousehold(1, id, { members: [{ id: 'member-0001', name: '王小芳', sex: 'female', ageBand: '18-59', idNumber: member }] }),
      createHousehold(2),
    ]);
    expect(results(res).map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(transactions).toBe(1);
    expect(indexedApart).toBe(0);
    const hmac = makeIdHmac(await server.store.getServerSecret('id_hmac'));
    expect((await server.store.findRecordsByPersonKey(hmac(member))).map((r) => r.id)).toEqual([id]);
  });

  it('[I1] a new household is indexed without a delete first; an edit replaces its keys, in a later push or the same one', async () => {
    const hmac = makeIdHmac(await server.store.getServerSecret('id_hmac'));
    const ids = async (idNumber: string) => (await server.store.findRecordsByPersonKey(hmac(idNumber))).map((r) => r.id);
    const [x, y, z] = [validIdNumber(806), validIdNumber(807), validIdNumber(808)];
    const later = newId();
    const same = newId();
    // `same` is new and edited in one push: only its last head is indexed.
    const first = await server.push(wang, [
      createHousehold(1, later, { head: { name: '王芳', idNumber: x, phone: '13800000000' } }),
      createHousehold(2, same, { head: { name: '王芳', idNumber: y, phone: '13800000000' } }),
      change(3, same, { head: { name: '王芳', idNumber: z, phone: '13800000000' } }, { baseVersion: 1, changedAt: '2026-06-20T11:00:00.000Z' }),
    ]);
    expect(results(first).map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await ids(x)).toEqual([later]);
    expect(await ids(y)).toEqual([]);
    expect(await ids(z)).toEqual([same]);
    // An existing household's edit drops its old key.
    const second = await server.push(wang, [change(4, later, { head: { name: '王芳', idNumber: y, phone: '13800000000' } }, { baseVersion: 1, changedAt: '2026-06-20T12:00:00.000Z' })]);
    expect(results(second)[0]).toMatchObject({ status: 'applied', version: 2 });
    expect(await ids(x)).toEqual([]);
    expect(await ids(y)).toEqual([later]);
  });
});
