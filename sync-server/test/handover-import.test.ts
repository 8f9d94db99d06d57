import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDOVER_MAX_FILE_BYTES, type HandoverImportSummary, type HandoverServerKey } from '../../src/shared/protocol/handover-format';
import type { ChangeResult } from '../../src/shared/protocol/messages';
import { ANPING, ANPING_QINGHE, DONGFENG, DONGFENG_QINGHE } from '../../test/fixtures/areas';
import { createHandoverSigningKey, writeHandoverFile } from '../../test/helpers/handover-file';
import { startTestServer, type StoreKind, type TestServer, type TestSession } from '../../test/helpers/server-harness';
import { changeContentHash } from '../src/sync/content-hash';
import { change, createHousehold, householdFields } from './fixtures';

type SigningKey = Awaited<ReturnType<typeof createHandoverSigningKey>>;

describe.each(['sqlite', 'postgres'] as StoreKind[])('hand-over file import (%s)', (kind) => {
  let server: TestServer;
  let supervisor: TestSession;
  let otherSupervisor: TestSession;
  let admin: TestSession;

  /** F4: what the tablet does at an online login: register its key, hear the server's. */
  async function register(s: TestSession): Promise<{ key: SigningKey; serverKey: HandoverServerKey }> {
    const key = await createHandoverSigningKey();
    const res = await server.inject('POST', '/api/handover/keys', { session: s, body: { publicKey: key.publicKey } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().keyId).toBe(key.keyId);
    return { key, serverKey: res.json().serverKey };
  }

  const upload = (s: TestSession, file: Uint8Array) =>
    server.app.inject({ method: 'POST', url: '/api/handover/import', payload: Buffer.from(file), headers: { ...s.headers, 'content-type': 'application/octet-stream' } });

  beforeAll(async () => {
    server = await startTestServer({ store: kind });
    supervisor = await server.session({ username: `sup-anping-${kind}`, role: 'supervisor', township: null, county: ANPING });
    otherSupervisor = await server.session({ username: `sup-dongfeng-${kind}`, role: 'supervisor', township: null, county: DONGFENG });
    admin = await server.session({ username: `admin-${kind}`, role: 'admin' });
  });
  afterAll(() => server.close());

  it('[F7][F11] a supervisor imports a worker’s file: applied through the push path, attachments stored, shown per status', async () => {
    const worker = await server.session({ username: `w-f7-${kind}`, township: ANPING_QINGHE, county: ANPING });
    const { key, serverKey } = await register(worker);
    const photo = new TextEncoder().encode('signature photo bytes');
    const changes = [createHousehold(1), createHousehold(2), createHousehold(3)];
    const file = await writeHandoverFile({ clientId: worker.deviceId, userId: worker.user.id, signingKey: key, serverKey, changes, attachments: [{ bytes: photo, contentType: 'image/png', recordId: changes[0]!.id }] });
    const res = await upload(supervisor, file);
    expect(res.statusCode, res.body).toBe(200);
    const summary = res.json() as HandoverImportSummary;
    expect(summary).toMatchObject({ clientId: worker.deviceId, userId: worker.user.id, changes: 3, applied: 3, alreadyHeld: 0, attachmentsStored: 1, seqFrom: 1, seqTo: 3 });
    const stored = await server.store.getRecord('household', changes[1]!.id);
    expect(stored?.township).toBe(ANPING_QINGHE);
    expect(stored?.version).toBe(1);

    // [F7] exactly once: the same file again changes nothing and says so.
    const again = await upload(supervisor, file);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ applied: 0, alreadyHeld: 3, attachmentsStored: 0 });
    expect((await server.store.getRecord('household', changes[1]!.id))?.version).toBe(1);

    // [F10] the tablet's next sync: asks what is held, hears the stored results without sending the changes.
    const held = await server.inject('POST', '/api/sync/held', {
      session: worker,
      body: { deviceId: worker.deviceId, changes: changes.map((c) => ({ seq: c.seq, contentHash: changeContentHash(c) })) },
    });
    expect(held.statusCode, held.body).toBe(200);
    expect((held.json().results as ChangeResult[]).map((r) => [r.seq, r.status, r.version])).toEqual([[1, 'applied', 1], [2, 'applied', 1], [3, 'applied', 1]]);
    // [F7] and a push of the same changes later is answered from the first results: nothing new.
    const push = await server.push(worker, changes);
    expect(push.json().results.map((r: ChangeResult) => r.version)).toEqual([1, 1, 1]);
  });

  it('[F10] held answers only this account’s marks with the same content', async () => {
    const worker = await server.session({ username: `w-f10-${kind}` });
    const other = await server.session({ username: `w-f10o-${kind}` });
    const c = createHousehold(1);
    expect((await server.push(worker, [c])).statusCode).toBe(200);
    const ask = (s: TestSession, deviceId: string, hash: string) => server.inject('POST', '/api/sync/held', { session: s, body: { deviceId, changes: [{ seq: 1, contentHash: hash }] } });
    expect((await ask(worker, worker.deviceId, changeContentHash(c))).json().results).toHaveLength(1);
    expect((await ask(worker, worker.deviceId, changeContentHash({ ...c, fields: householdFields(c.id, { notes: 'other' }) }))).json().results).toEqual([]);
    expect((await ask(other, worker.deviceId, changeContentHash(c))).json().results).toEqual([]);
  });

  it('[F9] a file with one flipped byte is refused whole, wherever the byte is', async () => {
    const worker = await server.session({ username: `w-f9-${kind}` });
    const { key, serverKey } = await register(worker);
    const changes = [createHousehold(1)];
    const file = await writeHandoverFile({ clientId: worker.deviceId, userId: worker.user.id, signingKey: key, serverKey, changes });
    for (const at of [40, Math.floor(file.length / 2), file.length - 100, file.length - 1]) {
      const bad = file.slice();
      bad[at] = bad[at]! ^ 0x01;
      const res = await upload(supervisor, bad);
      expect(res.statusCode, `byte ${at}: ${res.body}`).toBe(422);
      expect(res.json().error.code).toBe('HANDOVER_DAMAGED');
    }
    expect(await server.store.getRecord('household', changes[0]!.id)).toBeNull();
    const refusals = await server.store.listAudit({ action: 'handover.refused', userId: supervisor.user.id, limit: 50 });
    expect(refusals.filter((r) => (r.detail as { code?: string }).code === 'HANDOVER_DAMAGED').length).toBeGreaterThanOrEqual(4);
  });

  it('[F8] scope: another county’s supervisor and a worker are refused; an administrator may import', async () => {
    const worker = await server.session({ username: `w-f8-${kind}`, township: DONGFENG_QINGHE, county: DONGFENG });
    const { key, serverKey } = await register(worker);
    const changes = [createHousehold(1)];
    const file = await writeHandoverFile({ clientId: worker.deviceId, userId: worker.user.id, signingKey: key, serverKey, changes });
    const refused = await upload(supervisor, file);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('HANDOVER_OUT_OF_SCOPE');
    expect((await server.store.listAudit({ action: 'handover.refused', userId: supervisor.user.id, limit: 50 })).some((r) => (r.detail as { code?: string }).code === 'HANDOVER_OUT_OF_SCOPE')).toBe(true);
    expect(await server.store.getRecord('household', changes[0]!.id)).toBeNull();
    expect((await upload(worker, file)).statusCode).toBe(403);
    expect((await upload(otherSupervisor, file)).json()).toMatchObject({ applied: 1 });
    expect((await upload(admin, file)).json()).toMatchObject({ alreadyHeld: 1 });
  });

  it('[F4][F9] a key never registered for that (client, account) is refused; so is a key registered by another account', async () => {
    const worker = await server.session({ username: `w-f4-${kind}` });
    const other = await server.session({ username: `w-f4o-${kind}` });
    const { serverKey } = await register(other);
    const unregistered = await createHandoverSigningKey();
    const changes = [createHousehold(1)];
    const file = await writeHandoverFile({ clientId: worker.deviceId, userId: worker.user.id, signingKey: unregistered, serverKey, changes });
    const res = await upload(supervisor, file);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('HANDOVER_KEY_UNKNOWN');
    // Another account's registered key, naming the worker in the header: its key id is not the worker's.
    const { key: otherKey } = await register(other);
    await register(worker);
    const forged = await writeHandoverFile({ clientId: worker.deviceId, userId: worker.user.id, signingKey: otherKey, serverKey, changes });
    expect((await upload(supervisor, forged)).json().error.code).toBe('HANDOVER_DAMAGED');
  });

  it('[F2][F8] not a file, an unknown version, a file too large: each its own clear code', async () => {
    const notFile = await upload(supervisor, new TextEncoder().encode('hello, not a hand-over file at all'));
    expect(notFile.json().error.code).toBe('HANDOVER_NOT_A_FILE');
    const worker = await server.session({ username: `w-f2-${kind}` });
    const { key, serverKey } = await register(worker);
    const file = await writeHandoverFile({ clientId: worker.deviceId, userId: worker.user.id, signingKey: key, serverKey, changes: [createHousehold(1)] });
    const future = file.slice();
    future[8] = 9;
    const v = await upload(supervisor, future);
    expect(v.statusCode).toBe(400);
    expect(v.json().error.code).toBe('HANDOVER_VERSION_UNSUPPORTED');
    const big = new Uint8Array(HANDOVER_MAX_FILE_BYTES + 1);
    big.set(file.subarray(0, 9));
    const tooLarge = await upload(supervisor, big);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('[F8][A3] a file of a disabled account or a revoked device is refused', async () => {
    const worker = await server.session({ username: `w-a3-${kind}` });
    const { key, serverKey } = await register(worker);
    const file = await writeHandoverFile({ clientId: worker.deviceId, userId: worker.user.id, signingKey: key, serverKey, changes: [createHousehold(1)] });
    await server.store.setDeviceRevoked(worker.deviceId, true);
    expect((await upload(supervisor, file)).json().error.code).toBe('DEVICE_REVOKED');
    await server.store.setDeviceRevoked(worker.deviceId, false);
    await server.store.updateUser(worker.user.id, { disabled: true });
    expect((await upload(supervisor, file)).json().error.code).toBe('ACCOUNT_DISABLED');
  });

  it('[F7] a change in the file that conflicts or is invalid gets the push path’s own answer', async () => {
    const worker = await server.session({ username: `w-f7c-${kind}` });
    const { key, serverKey } = await register(worker);
    const bad = change(2, 'hh-invalid-0001', { id: 'hh-invalid-0001', nonsense: true });
    const file = await writeHandoverFile({ clientId: worker.deviceId, userId: worker.user.id, signingKey: key, serverKey, changes: [createHousehold(1), bad] });
    expect((await upload(supervisor, file)).json()).toMatchObject({ applied: 1, rejected: 1 });
  });
});
