import { describe, expect, it } from 'vitest';
import { EVENT_ID, FAKE_PNG, reliefRig, shelterHousehold } from '../../test/helpers/relief-fixtures';
import { TEST_COUNTY } from '../../test/helpers/in-process-server';

type Rig = Awaited<ReturnType<typeof reliefRig>>;

/**
 * SPEC R3: a worker voids or corrects a hand-out offline while the county voids it from its page. The
 * push is refused as `correction.alreadyVoided`, but the hand-out is void either way: the refusal
 * settles (已由他人作废), it is not one more 需更正 the worker can never fix (the tablet refuses any
 * correction of a voided hand-out), and it does not hold the record on the tablet for ever.
 */
async function voidedByCountyMeanwhile({ rig, session: s }: Rig) {
  const { id: hh } = await s.households.save(shelterHousehold());
  const { sha256 } = await s.attachments.add(`relief-${hh}`, FAKE_PNG, 'image/png');
  const { id } = await s.relief.save({
    eventId: EVENT_ID, householdId: hh, at: '2025-07-01T06:00:00.000Z', issuingOfficer: '王芳', round: 1,
    item: { category: 'goods', kind: 'quilt' }, quantity: 3, unit: '床', cashValue: 150, payment: 'in-kind',
    recipient: { confirmation: 'signature', attachmentSha256: sha256 },
  });
  await s.sync.syncNow();
  await rig.server.addUser({ username: 'zhao', password: 'pw-zhao', displayName: '赵审核', role: 'supervisor', township: null, county: TEST_COUNTY });
  const county = await rig.anotherTablet().loginOnline('zhao', 'pw-zhao');
  return { hh, id, countyVoid: () => county.county.correctHandout(id, { action: 'void', reason: '县里核实：重复发放' }) };
}

describe('a correction refused because the hand-out was voided meanwhile settles (SPEC R3)', () => {
  it('a void: not counted as 需更正, no outbox entry left, the hand-out void', async () => {
    const r = await reliefRig();
    const s = r.session;
    const { hh, id, countyVoid } = await voidedByCountyMeanwhile(r);
    const { id: voidId } = await s.relief.correct(id, { action: 'void', reason: '录错户' });
    await countyVoid();
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ rejected: 0, pending: 0 });
    expect(await s.db.outbox.count()).toBe(0);
    const [item] = await s.relief.list({ householdId: hh });
    expect(item!.ledger.state).toBe('voided');
    // The void has one record id on every device (R3): with the refusal settled, the same sync's pull
    // brings the county's void in place of the tablet's, so the worker reads who voided it and why.
    expect(item!.ledger.corrections).toMatchObject([{ id: voidId, action: 'void', by: '赵审核', reason: '县里核实：重复发放', counts: true, settled: null, rejection: null }]);
    expect(await s.db.records.get(voidId)).toMatchObject({ syncState: 'synced', version: 1 });
  });

  it('a correction: settled too, left out, and the county’s void (pulled) voids the hand-out', async () => {
    const r = await reliefRig();
    const s = r.session;
    const { hh, id, countyVoid } = await voidedByCountyMeanwhile(r);
    const { id: correctionId } = await s.relief.correct(id, {
      action: 'correct', reason: '数量录错',
      corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 100, payment: 'in-kind' },
    });
    await countyVoid();
    await s.sync.syncNow();
    expect(s.sync.state()).toMatchObject({ rejected: 0, pending: 0 });
    const [item] = await s.relief.list({ householdId: hh });
    expect(item!.ledger.state).toBe('voided');
    const views = item!.ledger.corrections;
    expect(views.find((v) => v.id === correctionId)).toMatchObject({ counts: false, settled: 'alreadyVoided' });
    expect(views.find((v) => v.action === 'void')).toMatchObject({ by: '赵审核', counts: true, syncState: 'synced' });
  });
});
