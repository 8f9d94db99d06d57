/**
 * Issue 10 finding 6: the server validated the merged record but stored the raw fields. Reproduced
 * against the release before: a 1.9 MB `junk` field, `head.secretNote` holding HTML and a `township`
 * inside `fields` were stored and pulled by every tablet.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse } from '../../src/shared/protocol/messages';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { idCheckChar } from '../../src/shared/rules/id-number';
import { ANPING_LIULIN, ANPING_QINGHE } from '../../test/fixtures/areas';
import { change, createHousehold, householdFields, newId, validIdNumber } from './fixtures';

/** A valid ID number whose check character is X (so case matters). */
function idNumberEndingInX(): string {
  for (let n = 0; n < 1000; n++) {
    const first17 = `33010219800101${String(n).padStart(3, '0')}`;
    if (idCheckChar(first17) === 'X') return first17 + 'X';
  }
  throw new Error('none');
}

describe.each<StoreKind>(['sqlite', 'postgres'])('the server stores exactly what it validated (%s)', (kind) => {
  let server: TestServer;
  let wang: TestSession;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    wang = await server.session({ username: 'wang' });
  });
  afterEach(() => server.close());

  const results = (res: { json(): unknown }) => (res.json() as PushResponse).results;

  it('[P10] an unknown field, at the top or deep inside, is rejected per change with its path; the rest applies', async () => {
    const junk = newId();
    const deep = newId();
    const item = newId();
    const fine = newId();
    const res = await server.push(wang, [
      createHousehold(1, junk, { junk: 'x'.repeat(1_000) }),
      createHousehold(2, deep, { head: { name: '王芳', idNumber: validIdNumber(901), secretNote: '<script>alert(1)</script>' } }),
      createHousehold(3, item, { members: [{ id: 'member-0001', name: '王芳', sex: 'female', ageBand: '18-59', shoeSize: 38 }] }),
      createHousehold(4, fine),
    ]);
    expect(res.statusCode).toBe(200);
    const [r1, r2, r3, r4] = results(res);
    expect(r1).toEqual({ seq: 1, id: junk, status: 'rejected', code: 'CHANGE_UNKNOWN_FIELD', issues: [{ path: 'junk', message: 'field.unknown' }] });
    expect(r2).toEqual({ seq: 2, id: deep, status: 'rejected', code: 'CHANGE_UNKNOWN_FIELD', issues: [{ path: 'head.secretNote', message: 'field.unknown' }] });
    expect(r3).toMatchObject({ status: 'rejected', code: 'CHANGE_UNKNOWN_FIELD', issues: [{ path: 'members.0.shoeSize', message: 'field.unknown' }] });
    expect(r4).toMatchObject({ status: 'applied' });
    for (const id of [junk, deep, item]) expect(await server.store.getRecord('household', id)).toBeNull();
    const audit = await server.store.listAudit({ action: 'sync.rejected', limit: 10 });
    expect(audit.map((a) => a.detail).reverse()).toEqual([
      { seq: 1, code: 'CHANGE_UNKNOWN_FIELD', paths: ['junk'] },
      { seq: 2, code: 'CHANGE_UNKNOWN_FIELD', paths: ['head.secretNote'] },
      { seq: 3, code: 'CHANGE_UNKNOWN_FIELD', paths: ['members.0.shoeSize'] },
    ]);
  });

  it('[P10] a township or any server-owned key inside fields is rejected by name, on a create and on an edit', async () => {
    const id = newId();
    const res = await server.push(wang, [createHousehold(1, id, { township: ANPING_LIULIN, version: 7 })]);
    expect(results(res)[0]).toEqual({
      seq: 1, id, status: 'rejected', code: 'CHANGE_UNKNOWN_FIELD',
      issues: [{ path: 'township', message: 'field.serverOwned' }, { path: 'version', message: 'field.serverOwned' }],
    });
    await server.push(wang, [createHousehold(2, id)]);
    const edit = await server.push(wang, [change(3, id, { township: ANPING_LIULIN, createdBy: 'someone' }, { baseVersion: 1 })]);
    expect(results(edit)[0]).toMatchObject({ status: 'rejected', code: 'CHANGE_UNKNOWN_FIELD' });
    expect(await server.store.getRecord('household', id)).toMatchObject({ township: ANPING_QINGHE, version: 1 });
  });

  it('[P10] strings are bounded as the forms bound them', async () => {
    const id = newId();
    const res = await server.push(wang, [createHousehold(1, id, { notes: '长'.repeat(1001) })]);
    expect(results(res)[0]).toMatchObject({ status: 'rejected', code: 'CHANGE_INVALID', issues: [{ path: 'notes' }] });
    const survey = newId('survey');
    const long = await server.push(wang, [
      change(2, survey, { id: survey, caseId: 'case-00000001', stage: 'draft', applicantMemberId: 'm'.repeat(65) }, { entity: 'survey', formVersion: 2 }),
    ]);
    expect(results(long)[0]).toMatchObject({ status: 'rejected', code: 'CHANGE_INVALID', issues: [{ path: 'applicantMemberId' }] });
  });

  it('[P11] what is stored and pulled is the parsed value, and the device pulls it back when it differs', async () => {
    const id = newId();
    const x = idNumberEndingInX();
    const fields = householdFields(id, { head: { name: '  王芳  ', idNumber: x.toLowerCase() }, origin: { village: ' 河东村 ' } });
    expect(results(await server.push(wang, [change(1, id, fields)]))[0]).toMatchObject({ status: 'applied', version: 1 });
    const stored = await server.store.getRecord('household', id);
    expect(stored?.fields.head).toEqual({ name: '王芳', idNumber: x });
    expect(stored?.fields.origin).toEqual({ village: '河东村' });
    // Not a field the worker set: a default of the schema is not written into the record.
    expect(Object.keys(stored!.fields).sort()).toEqual(Object.keys(fields).sort());
    // The tablet holds the untrimmed value, so the normalised record is not "its own write" (L3).
    const pulled = (await server.pull(wang)).json() as PullResponse;
    expect(pulled.records.find((r) => r.id === id)?.fields.head).toEqual({ name: '王芳', idNumber: x });
  });

  it('[P11] a record stored with a stray key by an older release stays editable, and the key is left out', async () => {
    const id = newId();
    await server.push(wang, [createHousehold(1, id)]);
    const r = (await server.store.getRecord('household', id))!;
    const { serverSeq: _s, createdAt: _c, ...write } = r;
    await server.store.transaction((tx) => tx.putRecord({ ...write, fields: { ...r.fields, junk: 'old' }, fieldVersions: { ...r.fieldVersions, junk: 1 } }));
    const edit = await server.push(wang, [change(2, id, { notes: '改' }, { baseVersion: 1 })]);
    expect(results(edit)[0]).toMatchObject({ status: 'applied', version: 2 });
    const after = await server.store.getRecord('household', id);
    expect(after?.fields.notes).toBe('改');
    expect(after?.fields).not.toHaveProperty('junk');
  });
});
