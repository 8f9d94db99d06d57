import { describe, expect, it, vi } from 'vitest';
import { household } from '../../test/helpers/household-fixtures';
import { clientRig } from '../../test/helpers/client-rig';
import { EVENT_ID, FAKE_PNG, reliefRig, shelterHousehold } from '../../test/helpers/relief-fixtures';
import { createCase, pushStep, stepFields } from '../../sync-server/test/case-fixtures';
import { purgeSyncedRecords } from './purge-synced';
import type { TidemarkSession } from '../app/compose-session';

const DAY = 86_400_000;

/** A worker with a long enough session that the clock can move a month without logging in again. */
async function worker(opts: { purgeSyncedAfterDays?: number } = {}) {
  const rig = await clientRig({
    deps: opts.purgeSyncedAfterDays !== undefined ? { purgeSyncedAfterDays: opts.purgeSyncedAfterDays } : {},
    config: { sessionHours: 24 * 90, offlineDays: 90 },
  });
  await rig.server.addUser({ username: 'li', password: 'pw-li' });
  const s = await rig.client.loginOnline('li', 'pw-li');
  return { rig, s };
}

async function syncAndSettle(s: TidemarkSession) {
  await s.sync.syncNow();
  await s.housekeepingIdle();
}

const ids = async (s: TidemarkSession) => (await s.db.records.toCollection().primaryKeys()).sort();

describe('purging synced records from the tablet (privacy.md §5)', () => {
  it('the keep-list before a purge decrypts the case file only, not every household (issue 18: 50,000 decrypted after a first sync held up the saves)', async () => {
    const { rig, s } = await worker();
    for (let i = 0; i < 12; i++) await s.households.save(household());
    await syncAndSettle(s);
    rig.client.lock();
    // A fresh unlock: nothing decrypted in memory yet, so every record the housekeeping reads is opened.
    const again = await rig.client.loginOnline('li', 'pw-li');
    const decrypt = vi.spyOn(globalThis.crypto.subtle, 'decrypt');
    try {
      await syncAndSettle(again);
      expect(again.sync.state()).toMatchObject({ phase: 'synced', pending: 0 });
      expect(await again.db.records.count()).toBe(12);
      expect(decrypt).toHaveBeenCalledTimes(0);
    } finally {
      decrypt.mockRestore();
    }
  });

  it('removes confirmed records 30 days after their last sync, and nothing else', async () => {
    const { rig, s } = await worker();
    const old = household();
    const edited = household();
    const rejected = household();
    await s.households.save(old);
    await s.households.save(edited);
    await s.households.save(rejected);
    await s.sync.syncNow();
    expect(s.sync.state().pending).toBe(0);

    rig.clock.advance(31 * DAY);
    // Edited since and synced again (recent), and one the server rejected (waiting for the worker): both stay.
    await s.households.save({ ...edited, notes: '二次核实' });
    await s.households.save({ ...rejected, notes: '待更正' });
    // A rule the tablet does not know: the change breaks the schema on the wire, the real server rejects it.
    rig.net.always('POST /api/sync/push', {
      kind: 'rewrite',
      rewrite: (b) => {
        for (const c of (b as { changes: { id: string; fields: Record<string, unknown> }[] }).changes) if (c.id === rejected.id) c.fields.membersCount = -1;
        return b;
      },
    });
    const recent = household();
    await s.households.save(recent);
    await syncAndSettle(s);
    expect(s.sync.state()).toMatchObject({ phase: 'synced', rejected: 1 });

    const left = await ids(s);
    expect(left).not.toContain(old.id);
    expect(left).toEqual([edited.id, recent.id, rejected.id].sort());
    expect((await s.db.records.get(rejected.id))!.syncState).toBe('rejected');
  });

  it('runs only after a successful sync, and honours the configured number of days', async () => {
    const { rig, s } = await worker({ purgeSyncedAfterDays: 7 });
    const hh = household();
    await s.households.save(hh);
    await s.sync.syncNow();
    rig.clock.advance(8 * DAY);
    rig.net.once('GET /api/sync/pull', { kind: 'status', code: 'INTERNAL' });
    await syncAndSettle(s);
    expect(s.sync.state().phase).toBe('error');
    expect(await ids(s)).toEqual([hh.id]);
    await syncAndSettle(s);
    expect(await ids(s)).toEqual([]);
    expect(await s.households.list()).toEqual([]);
  });

  it('keeps a record the worker opened in this session, and the current survey draft', async () => {
    const { rig, s } = await worker();
    const open = household();
    const other = household();
    await s.households.save(open);
    await s.households.save(other);
    await s.sync.syncNow();
    rig.clock.advance(40 * DAY);
    await s.households.get(open.id); // the edit form has it
    await syncAndSettle(s);
    expect(await ids(s)).toEqual([open.id]);
  });

  it('deletes the uploaded photos of a purged record, never one still waiting for upload', async () => {
    const { rig, s } = await worker();
    const hh = household();
    await s.households.save(hh);
    const { sha256: uploaded } = await s.attachments.add(hh.id, new Uint8Array([1, 2, 3]), 'image/jpeg');
    await s.sync.syncNow();
    expect((await s.db.attachments.get(uploaded))!.uploaded).toBe(1);
    rig.connectivity.set(false);
    const { sha256: waiting } = await s.attachments.add(hh.id, new Uint8Array([4, 5, 6]), 'image/jpeg');
    rig.clock.advance(31 * DAY);
    const { purged } = await purgeSyncedRecords(s.db, { now: rig.clock.now(), days: 30 });
    expect(purged).toEqual([hh.id]);
    expect(await s.db.attachments.get(uploaded)).toBeUndefined();
    expect(await s.db.attachments.get(waiting)).toBeDefined();
  });

  it('never purges a record that still has an outbox entry, whatever its flag says', async () => {
    const { rig, s } = await worker();
    const hh = household();
    await s.households.save(hh);
    await s.sync.syncNow();
    const row = (await s.db.records.get(hh.id))!;
    const snapshot = row.sealed;
    // A change queued under a row still marked synced (a crash between two writes, an older client).
    await s.db.outbox.add({ entity: 'household', id: hh.id, baseVersion: row.version, sealed: snapshot, sealedSnapshot: snapshot, formVersion: 1, changedAt: row.updatedAt, state: 'queued', bytes: 10 });
    rig.clock.advance(31 * DAY);
    expect((await purgeSyncedRecords(s.db, { now: rig.clock.now(), days: 30 })).purged).toEqual([]);
    expect(await ids(s)).toEqual([hh.id]);
  });

  it('does nothing when purging is off (days not finite)', async () => {
    const { rig, s } = await worker();
    await s.households.save(household());
    await s.sync.syncNow();
    rig.clock.advance(400 * DAY);
    expect((await purgeSyncedRecords(s.db, { now: rig.clock.now(), days: Infinity })).purged).toEqual([]);
  });
});

describe('purging relief hand-outs and their voids and corrections together [R7]', () => {
  const long = { config: { sessionHours: 24 * 90, offlineDays: 90 } };

  async function handout(session: TidemarkSession, householdId: string, quantity: number): Promise<string> {
    const { sha256 } = await session.attachments.add(`relief-${householdId}`, FAKE_PNG, 'image/png');
    const { id } = await session.relief.save({
      eventId: EVENT_ID, householdId, at: '2025-07-01T06:00:00.000Z', issuingOfficer: '王芳', round: 1,
      item: { category: 'goods', kind: 'quilt' }, quantity, unit: '床', cashValue: quantity * 50, payment: 'in-kind',
      recipient: { confirmation: 'signature', attachmentSha256: sha256 },
    });
    return id;
  }

  it('never removes a void while its hand-out stays: the voided hand-out does not count again', async () => {
    const { rig, session: s } = await reliefRig(long);
    const { id: hh } = await s.households.save(shelterHousehold());
    const id = await handout(s, hh, 3);
    await s.sync.syncNow();
    const { id: voidId } = await s.relief.correct(id, { action: 'void', reason: '录错户' });
    await s.sync.syncNow();
    rig.clock.advance(31 * DAY);
    // The worker has the hand-out open (its history): it stays on the tablet, so its void must stay too.
    await s.relief.get(id);
    await syncAndSettle(s);
    expect(await ids(s)).toEqual([id, voidId].sort());
    expect((await s.relief.list({ householdId: hh }))[0]!.ledger.state).toBe('voided');
    // The entitlement (4 quilts) reads the corrected ledger: 3 voided quilts are no repeat.
    const probe = await s.attachments.add('probe', FAKE_PNG, 'image/png');
    const check = await s.relief.check({
      id: 'probe-0001', eventId: EVENT_ID, householdId: hh, at: '2025-07-01T07:00:00.000Z', issuingOfficer: '王芳', round: 1,
      item: { category: 'goods', kind: 'quilt' }, quantity: 4, unit: '床', cashValue: 200, payment: 'in-kind',
      recipient: { confirmation: 'signature', attachmentSha256: probe.sha256 },
    });
    expect(check.result).toBe('ok');
  });

  it('keeps an old hand-out while a later correction of it stays, then purges them together', async () => {
    const { rig, session: s } = await reliefRig(long);
    const { id: hh } = await s.households.save(shelterHousehold());
    const id = await handout(s, hh, 3);
    await s.sync.syncNow();
    rig.clock.advance(20 * DAY);
    const { id: correctionId } = await s.relief.correct(id, {
      action: 'correct', reason: '数量录错',
      corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 100, payment: 'in-kind' },
    });
    await syncAndSettle(s);
    rig.clock.advance(11 * DAY);
    await syncAndSettle(s);
    expect(await ids(s)).toEqual([correctionId, id].sort());
    expect((await s.relief.list({ householdId: hh }))[0]!.ledger).toMatchObject({ state: 'corrected', corrected: { quantity: 2 } });
    rig.clock.advance(20 * DAY);
    await syncAndSettle(s);
    expect(await ids(s)).toEqual([]);
  });
});

describe('purging leaves a worker’s cases alone (issue 15)', () => {
  it('keeps cases and their steps on the tablet after 30 days, so 我的案件 and a review never start from nothing', async () => {
    const { rig, s } = await worker();
    const other = await rig.server.session({ username: 'wang' });
    const caseId = 'case-0000-0001';
    const step = stepFields(other, caseId, 'survey', { surveyId: 'survey-0001', visitKind: 'new-application' });
    const res = await rig.server.push(other, [createCase(1, caseId), { ...pushStep(0, step), seq: 2 }]);
    expect(res.statusCode, res.body).toBe(200);
    const old = household();
    await s.households.save(old);
    await syncAndSettle(s);
    const cases = async () => (await s.db.records.where('entity').anyOf(['case', 'caseStep']).toArray()).map((r) => r.entity).sort();
    expect(await cases()).toEqual(['case', 'caseStep']);

    rig.clock.advance(31 * DAY);
    await syncAndSettle(s);
    // The household the worker synced a month ago goes (privacy.md §5); the case file stays.
    expect(await ids(s)).not.toContain(old.id);
    expect(await cases()).toEqual(['case', 'caseStep']);
    expect((await s.cases.overview()).cases.map((c) => c.id)).toEqual([caseId]);
    await rig.close();
  });
});
