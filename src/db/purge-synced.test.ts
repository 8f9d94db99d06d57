import { describe, expect, it } from 'vitest';
import { household } from '../../test/helpers/household-fixtures';
import { clientRig } from '../../test/helpers/client-rig';
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
