import { describe, expect, it } from 'vitest';
import { AppError } from './contracts';
import { recordReads } from '../../test/helpers/db-spies';
import { EVENT_ID, FAKE_PNG, OTHER_ID, reliefRig, shelterHousehold, SITE_A, SITE_B, TOWNSHIP } from '../../test/helpers/relief-fixtures';
import type { ReliefDistributionInput } from '../shared/schema/relief';

type Session = Awaited<ReturnType<typeof reliefRig>>['session'];
type HandoutInput = Omit<ReliefDistributionInput, 'id'> & { id?: string };

async function quilts(session: Session, householdId: string, quantity: number, extra: Partial<HandoutInput> = {}): Promise<HandoutInput> {
  const { sha256 } = await session.attachments.add(`relief-${householdId}`, FAKE_PNG, 'image/png');
  return {
    eventId: EVENT_ID, householdId, at: '2025-07-01T06:00:00.000Z', issuingOfficer: '王芳', round: 1,
    item: { category: 'goods', kind: 'quilt' }, quantity, unit: '床', cashValue: quantity * 50, payment: 'in-kind',
    recipient: { confirmation: 'signature', attachmentSha256: sha256 },
    ...extra,
  };
}

const failure = async (p: Promise<unknown>) => (await p.catch((e: unknown) => e)) as AppError;

describe('session.relief: the ledger on the tablet', () => {
  it('saves a hand-out through the one save path (sealed record + outbox change) and lists it', async () => {
    const { session } = await reliefRig();
    const { id: hh } = await session.households.save(shelterHousehold());
    const { id, check } = await session.relief.save(await quilts(session, hh, 3));
    expect(check).toMatchObject({ result: 'ok', entitlement: { id: 'ent-quilt-r1' } });
    const row = await session.db.records.get(id);
    expect(row).toMatchObject({ entity: 'relief', eventId: EVENT_ID, syncState: 'pending' });
    expect(JSON.stringify(row!.sealed)).not.toContain('王芳');
    expect((await session.db.outbox.toArray()).map((o) => o.entity)).toEqual(['household', 'relief']);
    expect(await session.relief.list({ householdId: hh })).toMatchObject([
      { id, householdId: hh, round: '1', category: 'goods', itemKind: 'quilt', quantity: 3, unit: '床', cashValue: 150, payment: 'in-kind', confirmation: 'signature', proxy: null },
    ]);
  });

  it('refuses a hand-out beyond the entitlement, saving nothing', async () => {
    const { session } = await reliefRig();
    const { id: hh } = await session.households.save(shelterHousehold());
    const e = await failure(session.relief.save(await quilts(session, hh, 5)));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.details).toMatchObject({ issues: [{ path: 'quantity', message: 'entitlement.exceeded' }], check: { result: 'refuse', over: { quantity: 1 } } });
    expect(await session.relief.list()).toEqual([]);
  });

  it('asks for a confirmation on a repeat in the round, and beyond the entitlement refuses even then', async () => {
    const { session } = await reliefRig();
    const { id: hh } = await session.households.save(shelterHousehold());
    await session.relief.save(await quilts(session, hh, 2));
    const e = await failure(session.relief.save(await quilts(session, hh, 1)));
    expect(e.details).toMatchObject({ issues: [{ message: 'entitlement.repeatUnconfirmed' }], check: { result: 'warn', reason: 'repeat-in-round' } });
    await session.relief.save(await quilts(session, hh, 1), { confirmRepeat: true });
    expect(await session.relief.list()).toHaveLength(2);
    const over = await failure(session.relief.save(await quilts(session, hh, 2), { confirmRepeat: true }));
    expect(over.details).toMatchObject({ check: { result: 'refuse', figures: { previousQuantity: 3, totalQuantity: 5, maxQuantity: 4 } } });
    // Another round is another entitlement (none set for round 2): no repeat.
    expect((await session.relief.save(await quilts(session, hh, 1, { round: 2 }))).check.result).toBe('ok');
  });

  it('counts two registrations of one head on this tablet as one household', async () => {
    const { session } = await reliefRig();
    const { id: first } = await session.households.save(shelterHousehold());
    const { id: second } = await session.households.save(shelterHousehold({ shelterSiteId: SITE_B.id }));
    const { id: other } = await session.households.save(shelterHousehold({ head: { name: '李梅', idNumber: OTHER_ID } }));
    await session.relief.save(await quilts(session, first, 3));
    expect((await session.relief.check((await quilts(session, second, 1, { id: 'probe-0001' })) as never)).result).toBe('warn');
    expect((await session.relief.check((await quilts(session, other, 1, { id: 'probe-0002' })) as never)).result).toBe('ok');
  });

  it('needs the confirmation photo on the tablet and the household record', async () => {
    const { session } = await reliefRig();
    const { id: hh } = await session.households.save(shelterHousehold());
    const missingPhoto = { ...(await quilts(session, hh, 1)), recipient: { confirmation: 'thumbprint' as const, attachmentSha256: 'a'.repeat(64) } };
    expect((await failure(session.relief.save(missingPhoto))).details).toMatchObject({ issues: [{ path: 'recipient.attachmentSha256', message: 'confirmation.missing' }] });
    expect((await failure(session.relief.save(await quilts(session, 'hh-not-here-0001', 1)))).code).toBe('NOT_FOUND');
    const proxy = await quilts(session, hh, 1, { recipient: { confirmation: 'signature', attachmentSha256: (await session.attachments.add('x', FAKE_PNG, 'image/png')).sha256, proxy: { name: '张小三', relation: '儿子' } } });
    await session.relief.save(proxy);
    expect((await session.relief.list())[0]!.proxy).toEqual({ name: '张小三', relation: '儿子' });
  });

  it('uploads the hand-out after its household, and the signature after the records (SPEC T1)', async () => {
    const { rig, session } = await reliefRig();
    const { id: hh } = await session.households.save(shelterHousehold());
    const { id } = await session.relief.save(await quilts(session, hh, 2));
    await session.sync.syncNow();
    expect((await rig.server.records('relief')).map((r) => r.id)).toEqual([id]);
    expect((await rig.server.records('relief'))[0]!.fields).toMatchObject({ householdId: hh, quantity: 2 });
    const { recipient } = (await rig.server.records('relief'))[0]!.fields as { recipient: { attachmentSha256: string } };
    expect(await rig.server.store.getAttachmentMeta(TOWNSHIP, recipient.attachmentSha256)).toMatchObject({ contentType: 'image/png' });
  });
});

describe('households: transfer and check-out', () => {
  it('appends a transfer (the first placement and its history stay), then checks out', async () => {
    const { session } = await reliefRig();
    const { id } = await session.households.save(shelterHousehold());
    await session.households.transfer!(id, { toSiteId: SITE_B.id, at: '2025-07-01T05:00:00.000Z' });
    expect(await session.households.get(id)).toMatchObject({
      shelterSiteId: SITE_A.id,
      transfers: [{ at: '2025-07-01T05:00:00.000Z', fromSiteId: SITE_A.id, toSiteId: SITE_B.id }],
    });
    expect((await session.households.list())[0]).toMatchObject({ shelterSiteId: SITE_A.id, currentSiteId: SITE_B.id, checkedOut: false });
    await session.households.checkOut!(id, { at: '2025-07-01T07:00:00.000Z', destination: 'relatives' });
    expect((await session.households.get(id))!.checkOut).toEqual({ at: '2025-07-01T07:00:00.000Z', destination: 'relatives' });
    expect((await session.households.list())[0]!.checkedOut).toBe(true);
    // Each move is one ordinary save: three outbox changes for the record.
    expect(await session.db.outbox.where('id').equals(id).count()).toBe(3);
  });

  it('refuses a transfer to the same site, before the check-in, or after the check-out', async () => {
    const { session } = await reliefRig();
    const { id } = await session.households.save(shelterHousehold());
    const message = async (p: Promise<unknown>) => ((await failure(p)).details as { issues: { message: string }[] }).issues[0]!.message;
    expect(await message(session.households.transfer!(id, { toSiteId: SITE_A.id, at: '2025-07-01T05:00:00.000Z' }))).toBe('transfer.sameSite');
    expect(await message(session.households.transfer!(id, { toSiteId: SITE_B.id, at: '2025-06-30T05:00:00.000Z' }))).toBe('transfer.beforeCheckIn');
    expect(await message(session.households.checkOut!(id, { at: '2025-06-30T05:00:00.000Z', destination: 'home' }))).toBe('checkOut.beforeCheckIn');
    await session.households.checkOut!(id, { at: '2025-07-01T07:00:00.000Z', destination: 'home' });
    expect(await message(session.households.transfer!(id, { toSiteId: SITE_B.id, at: '2025-07-01T08:00:00.000Z' }))).toBe('transfer.checkedOut');
  });

  it('moves a dispersed household into a shelter', async () => {
    const { session } = await reliefRig();
    const { id } = await session.households.save(shelterHousehold({ placement: 'dispersed', dispersedKind: 'relatives', shelterSiteId: undefined }));
    await session.households.transfer!(id, { toSiteId: SITE_B.id, at: '2025-07-01T05:00:00.000Z' });
    expect((await session.households.get(id))!.transfers).toEqual([{ at: '2025-07-01T05:00:00.000Z', toSiteId: SITE_B.id }]);
    expect(await session.households.records!({ eventId: EVENT_ID })).toHaveLength(1);
  });
});


describe('session.relief: a hand-out the form says is new (SPEC O5, issue 18)', () => {
  it('[O5] is saved without the read before its write: its id is never read (the write’s `add` is the check), once without the word', async () => {
    const { session } = await reliefRig();
    const { id: hh } = await session.households.save(shelterHousehold());
    const reads = recordReads(session.db);
    const plain = await session.relief.save({ ...(await quilts(session, hh, 1)), id: 'handout-plain' });
    const hinted = await session.relief.save({ ...(await quilts(session, hh, 1)), id: 'handout-new' }, { confirmRepeat: true, newRecord: true });
    expect(reads(plain.id)).toBe(1);
    expect(reads(hinted.id)).toBe(0);
    expect(await session.relief.list({ householdId: hh })).toHaveLength(2);
    expect((await session.db.records.get(hinted.id))!.rev).toBe(1);
  });

  it('[O5] a wrong word (the hand-out is already saved) gives the unhinted result: no second change for the same hand-out', async () => {
    const { session } = await reliefRig();
    const { id: hh } = await session.households.save(shelterHousehold());
    const input = { ...(await quilts(session, hh, 1)), id: 'handout-once' };
    await session.relief.save(input);
    await session.relief.save(input, { confirmRepeat: true, newRecord: true });
    expect((await session.db.outbox.toArray()).filter((o) => o.id === 'handout-once')).toHaveLength(1);
    expect((await session.db.records.get('handout-once'))!.rev).toBe(1);
  });

  it('[O5][R1] a correction goes with the word (its id is fresh: never read); a void, whose id is the hand-out\'s own (R3), without it (read once)', async () => {
    const { session } = await reliefRig();
    const { id: hh } = await session.households.save(shelterHousehold());
    const { id: first } = await session.relief.save(await quilts(session, hh, 1));
    const { id: second } = await session.relief.save(await quilts(session, hh, 1), { confirmRepeat: true });
    const reads = recordReads(session.db);
    const { id: corrected } = await session.relief.correct(first, {
      action: 'correct', reason: '数量录错', corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 100, payment: 'in-kind' },
    });
    const { id: voided } = await session.relief.correct(second, { action: 'void', reason: '录错户' });
    expect(reads(corrected)).toBe(0);
    expect(reads(voided)).toBe(1);
    // Each one new record and one change, as without the word.
    for (const id of [corrected, voided]) {
      expect((await session.db.records.get(id))!.rev).toBe(1);
      expect(await session.db.outbox.where('id').equals(id).count()).toBe(1);
    }
    const states = new Map((await session.relief.list({ householdId: hh })).map((i) => [i.id, i.ledger.state]));
    expect(states).toEqual(new Map([[first, 'corrected'], [second, 'voided']]));
  });
});
