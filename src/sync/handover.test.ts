/**
 * Issue 17, the tablet's side of the hand-over file, on the real client (fake-indexeddb) against the
 * real server in process: export while offline, the county's import, the acknowledgement at the next
 * sync (nothing sent again, queue cleared), and a colleague's tablet as courier.
 */
import { describe, expect, it } from 'vitest';
import { DONGFENG } from '../../test/fixtures/areas';
import { clientRig } from '../../test/helpers/client-rig';
import { household } from '../../test/helpers/household-fixtures';

for (const store of ['sqlite', 'postgres'] as const) describe(`hand-over on ${store}`, () => {
  it('[F5][F7][F10] export offline, import at the county, then a sync that sends nothing and clears the queue', async () => {
    const rig = await clientRig({ store });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    await rig.server.addUser({ username: 'sup', password: 'pw-sup', role: 'supervisor', township: null });
    const s = await rig.client.loginOnline('li', 'pw-li');
    const a = household({ n: 1, membersCount: 3 });
    const b = household({ n: 2 });
    await s.households.save(a);
    await s.households.save({ ...(await s.households.get(a.id))!, membersCount: 4 }); // folded into one change (P1)
    await s.households.save(b);
    rig.connectivity.set(false);
    rig.net.online = false;

    await s.sync.syncNow();
    const waiting = s.sync.state().pending;
    expect(waiting).toBeGreaterThan(0);
    const preview = await s.handover.preview();
    expect(preview).toEqual({ changes: 2, records: 2, attachments: 0, leftForSync: 0 });
    const file = await s.handover.export();
    expect(file.header).toMatchObject({ clientId: s.clientId, seqFrom: 1, seqTo: 3, changes: 2 });
    expect(file.fileName).toMatch(/^tidemark-handover-.+-1-3\.tdmho$/);
    // Nothing leaves the outbox.
    await s.sync.syncNow();
    expect(s.sync.state().pending).toBe(waiting);
    expect(await s.db.outbox.count()).toBe(3);

    // The county office is online (the worker's tablet stays offline: its connectivity flag).
    rig.net.online = true;
    const sup = await rig.anotherTablet().loginOnline('sup', 'pw-sup');
    const summary = await sup.handover!.importFile(file.bytes);
    expect(summary).toMatchObject({ applied: 2, alreadyHeld: 0 });
    expect((await rig.server.store.getRecord('household', a.id))?.fields.membersCount).toBe(4);
    // Twice: nothing changes.
    expect(await sup.handover!.importFile(file.bytes)).toMatchObject({ applied: 0, alreadyHeld: 2 });

    rig.connectivity.set(true);
    const pushesBefore = rig.net.count('POST /api/sync/push');
    await s.sync.syncNow();
    expect(rig.net.count('POST /api/sync/push')).toBe(pushesBefore);
    expect(s.sync.state()).toMatchObject({ pending: 0, rejected: 0, error: null, handedOver: 3 });
    expect(s.handover.handedOver()).toBe(3);
    // The rebase a push answer gives: the next edit goes on top of version 1 and applies cleanly.
    await s.households.save({ ...(await s.households.get(a.id))!, membersCount: 5 });
    await s.sync.syncNow();
    expect((await rig.server.store.getRecord('household', a.id))?.version).toBe(2);
    expect(await rig.server.records('conflict')).toEqual([]);
  });

  it('[F12] a colleague’s tablet carries the file and passes it on at its own sync', async () => {
    const rig = await clientRig({ store });
    await rig.server.addUser({ username: 'wang', password: 'pw-wang' });
    await rig.server.addUser({ username: 'zhou', password: 'pw-zhou' });
    const s = await rig.client.loginOnline('wang', 'pw-wang');
    const a = household({ n: 3 });
    await s.households.save(a);
    const file = await s.handover.export();

    const courier = await rig.anotherTablet().loginOnline('zhou', 'pw-zhou');
    const carried = await courier.handover!.carry(file.bytes);
    expect(carried).toMatchObject({ changes: 1, userId: s.user.id });
    expect(await courier.handover!.carried()).toHaveLength(1);
    // A file that is not one is refused at once.
    await expect(courier.handover!.carry(new TextEncoder().encode('not a file'))).rejects.toMatchObject({ code: 'HANDOVER_NOT_A_FILE' });
    await courier.sync.syncNow();
    await expect.poll(() => courier.handover!.carried(), { timeout: 20_000 }).toEqual([]);
    expect((await rig.server.store.getRecord('household', a.id))?.version).toBe(1);

    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ pending: 0, handedOver: 1 });
  });

  it('[F6][F7] attachments travel in the file, are stored as if uploaded, and the sync uploads none of them again', async () => {
    const rig = await clientRig({ store });
    await rig.server.addUser({ username: 'sun', password: 'pw-sun' });
    await rig.server.addUser({ username: 'sup2', password: 'pw-sup2', role: 'supervisor', township: null });
    const s = await rig.client.loginOnline('sun', 'pw-sun');
    const a = household({ n: 5 });
    await s.households.save(a);
    const photo = new Uint8Array(2048).map((_, i) => (i * 7) % 251);
    const { sha256 } = await s.attachments.add(a.id, photo, 'image/jpeg');
    expect(await s.handover.preview()).toMatchObject({ changes: 1, attachments: 1 });
    const file = await s.handover.export();
    expect(file.header.attachments).toBe(1);

    const sup = await rig.anotherTablet().loginOnline('sup2', 'pw-sup2');
    expect(await sup.handover!.importFile(file.bytes)).toMatchObject({ applied: 1, attachmentsStored: 1 });
    const puts = rig.net.count((r) => r.method === 'PUT' && r.path.startsWith('/api/attachments/'));
    await s.sync.syncNow();
    expect(rig.net.count((r) => r.method === 'PUT' && r.path.startsWith('/api/attachments/'))).toBe(puts);
    expect(s.sync.state()).toMatchObject({ pending: 0, pendingAttachments: 0 });
    const stored = await rig.server.store.getAttachment((await rig.server.store.getRecord('household', a.id))!.township!, sha256);
    expect(stored?.size).toBe(photo.length);
  });

  it('[F10][C4] a change the file brought into conflict is answered at the sync as a push answer: the record shows the conflict, the queue is empty', async () => {
    const rig = await clientRig({ store });
    await rig.server.addUser({ username: 'hu', password: 'pw-hu' });
    await rig.server.addUser({ username: 'ma', password: 'pw-ma' });
    await rig.server.addUser({ username: 'sup3', password: 'pw-sup3', role: 'supervisor', township: null });
    const s = await rig.client.loginOnline('hu', 'pw-hu');
    const a = household({ n: 6, membersCount: 3 });
    await s.households.save(a);
    await s.sync.syncNow();
    const other = await rig.anotherTablet().loginOnline('ma', 'pw-ma');
    await other.sync.syncNow();
    // Both change the same field: the colleague's reaches the server first.
    await s.households.save({ ...(await s.households.get(a.id))!, membersCount: 4 });
    await other.households.save({ ...(await other.households.get(a.id))!, membersCount: 6 });
    await other.sync.syncNow();
    const file = await s.handover.export();
    const sup = await rig.anotherTablet().loginOnline('sup3', 'pw-sup3');
    expect(await sup.handover!.importFile(file.bytes)).toMatchObject({ conflict: 1 });

    const pushes = rig.net.count('POST /api/sync/push');
    await s.sync.syncNow();
    expect(rig.net.count('POST /api/sync/push')).toBe(pushes);
    expect(s.sync.state()).toMatchObject({ pending: 0, handedOver: 1 });
    expect((await s.db.records.get(a.id))?.syncState).toBe('conflict');
    expect(await s.conflicts.openCount()).toBe(1);
  });

  it('[F10][P2] when the question fails (an older or busy server), the push sends the changes and hears the stored results', async () => {
    const rig = await clientRig({ store });
    await rig.server.addUser({ username: 'lu', password: 'pw-lu' });
    await rig.server.addUser({ username: 'sup4', password: 'pw-sup4', role: 'supervisor', township: null });
    const s = await rig.client.loginOnline('lu', 'pw-lu');
    const a = household({ n: 7 });
    await s.households.save(a);
    const file = await s.handover.export();
    const sup = await rig.anotherTablet().loginOnline('sup4', 'pw-sup4');
    expect(await sup.handover!.importFile(file.bytes)).toMatchObject({ applied: 1 });
    rig.net.once('POST /api/sync/held', { kind: 'status', code: 'OVERLOADED' });
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ pending: 0, error: null });
    expect((await rig.server.store.getRecord('household', a.id))?.version).toBe(1);
  });

  it('[F7][C8] a file imported after the tablet synced a later save of the same record changes nothing and opens no conflict', async () => {
    const rig = await clientRig({ store });
    await rig.server.addUser({ username: 'he', password: 'pw-he' });
    await rig.server.addUser({ username: 'sup5', password: 'pw-sup5', role: 'supervisor', township: null });
    const s = await rig.client.loginOnline('he', 'pw-he');
    const a = household({ n: 8, membersCount: 3 });
    await s.households.save(a);
    const file = await s.handover.export();
    rig.clock.advance(60_000);
    await s.households.save({ ...(await s.households.get(a.id))!, membersCount: 7 });
    await s.sync.syncNow(); // the later save goes by sync first, carrying the earlier one (P1)
    expect((await rig.server.store.getRecord('household', a.id))?.fields.membersCount).toBe(7);

    const sup = await rig.anotherTablet().loginOnline('sup5', 'pw-sup5');
    const summary = await sup.handover!.importFile(file.bytes);
    expect(summary).toMatchObject({ changes: 1, conflict: 0, applied: 0, superseded: 1 });
    expect((await rig.server.store.getRecord('household', a.id))?.fields.membersCount).toBe(7);
    expect(await rig.server.records('conflict')).toEqual([]);
  });

  it('[F8] a supervisor of another county is refused; nothing is applied', async () => {
    const rig = await clientRig({ store });
    await rig.server.addUser({ username: 'qian', password: 'pw-qian' });
    await rig.server.addUser({ username: 'sup-df', password: 'pw-df', role: 'supervisor', township: null, county: DONGFENG });
    const s = await rig.client.loginOnline('qian', 'pw-qian');
    const a = household({ n: 4 });
    await s.households.save(a);
    const file = await s.handover.export();
    const sup = await rig.anotherTablet().loginOnline('sup-df', 'pw-df');
    await expect(sup.handover!.importFile(file.bytes)).rejects.toMatchObject({ code: 'HANDOVER_OUT_OF_SCOPE' });
    expect(await rig.server.store.getRecord('household', a.id)).toBeNull();
  });
});
