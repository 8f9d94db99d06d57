import { describe, expect, it } from 'vitest';
import { clientRig } from '../../test/helpers/client-rig';

/**
 * SPEC F1: a worker's online login registers this (account, client)'s hand-over signing key and keeps the
 * server's key; a county account only imports files, so its login registers none (and writes no audit row).
 */
describe('hand-over keys at an online login (SPEC F1)', () => {
  it('[F1] a worker’s login registers its signing key once; a supervisor’s registers none', async () => {
    const rig = await clientRig();
    const worker = await rig.server.addUser({ username: 'li', password: 'pw-li-123456' });
    const sup = await rig.server.addUser({ username: 'zhao', password: 'pw-zhao-123456', role: 'supervisor', township: null });

    const s = await rig.client.loginOnline('li', 'pw-li-123456');
    const keys = await rig.server.store.listHandoverKeys(s.clientId, worker.id);
    expect(keys).toHaveLength(1);
    expect(JSON.parse(keys[0]!.publicKey)).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(JSON.parse(keys[0]!.publicKey)).not.toHaveProperty('d'); // the private key never leaves the tablet

    // A second login of the same worker on the same tablet registers nothing new.
    const again = await rig.client.loginOnline('li', 'pw-li-123456');
    expect(again.clientId).toBe(s.clientId);
    expect(await rig.server.store.listHandoverKeys(s.clientId, worker.id)).toHaveLength(1);

    const county = await rig.client.loginOnline('zhao', 'pw-zhao-123456');
    expect(await rig.server.store.listHandoverKeys(county.clientId, sup.id)).toEqual([]);
    expect((await rig.server.store.listAudit({ action: 'handover.key_registered', limit: 10 })).map((a) => a.userId)).toEqual([worker.id]);
  });
});
