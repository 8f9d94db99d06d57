import { configure, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { EVENT_ID, FAKE_PNG, reliefRig, shelterHousehold } from '../../../test/helpers/relief-fixtures';
import { TEST_COUNTY } from '../../../test/helpers/in-process-server';
import type { TidemarkSession } from '../../app/compose-session';
import { ReliefHouseholdPage } from './ReliefHouseholdPage';

configure({ asyncUtilTimeout: 10_000 });
vi.mock('signature_pad', () => ({ default: class { addEventListener() {} removeEventListener() {} off() {} clear() {} isEmpty() { return true; } toDataURL() { return ''; } } }));

let n = 0;
/** A hand-out saved through the tablet's own save path (with its confirmation photo), as the form would. */
async function handOut(session: TidemarkSession, householdId: string, v: Record<string, unknown>) {
  const id = `relief-screen-${++n}`;
  const { sha256 } = await session.attachments.add(id, FAKE_PNG, 'image/png');
  await session.relief.save({
    id, eventId: EVENT_ID, householdId, at: '2025-07-01T06:00:00.000Z', issuingOfficer: '王芳', round: 1,
    recipient: { confirmation: 'signature', attachmentSha256: sha256 }, ...v,
  });
  return id;
}

async function openPage() {
  const { rig, session } = await reliefRig();
  const { id: householdId } = await session.households.save(shelterHousehold());
  const quilts = await handOut(session, householdId, { item: { category: 'goods', kind: 'quilt' }, quantity: 4, unit: '床', cashValue: 200, payment: 'in-kind' });
  const cash = await handOut(session, householdId, { item: { category: 'cash', kind: 'emergency' }, quantity: 1000, unit: '元', cashValue: 1000, payment: 'card', at: '2025-07-01T06:30:00.000Z' });
  const r = await renderInSession(<ReliefHouseholdPage householdId={householdId} />, { rig, session, now: rig.clock.now });
  await screen.findByRole('heading', { name: '张三 户的救灾款物发放' });
  await screen.findByRole('button', { name: /作废 .* 的棉被发放/ });
  return { ...r, householdId, quilts, cash };
}

describe('作废 / 更正 of a hand-out on the tablet (SPEC R1–R4)', { timeout: 60_000 }, () => {
  it('voids the quilts with a required reason: the row shows it void, the entitlement no longer counts it, the original stays', async () => {
    const { user, session, rig, householdId, quilts } = await openPage();
    const before = await session.relief.get(quilts);
    await user.click(screen.getByRole('button', { name: /作废 .* 的棉被发放/ }));
    const form = screen.getByRole('form', { name: '作废这次发放' });
    await user.click(within(form).getByRole('button', { name: '确认作废' }));
    expect(within(form).getByText('请填写理由')).toBeTruthy();
    expect((await session.relief.list({ householdId })).find((h) => h.id === quilts)!.ledger.state).toBe('valid');

    await user.type(within(form).getByLabelText('理由（必填）'), '重复登记，实际未发');
    await user.click(within(form).getByRole('button', { name: '确认作废' }));
    expect(await screen.findByText('已记录，待上传')).toBeTruthy();
    expect(await screen.findByText('已作废')).toBeTruthy();
    expect(screen.getByText(/王芳 于 .* 作废：重复登记，实际未发/)).toBeTruthy();
    // A void is final: no more actions on that row, the cash row keeps its own.
    expect(screen.queryByRole('button', { name: /作废 .* 的棉被发放/ })).toBeNull();
    expect(screen.getByRole('button', { name: /更正 .* 的应急救助资金发放/ })).toBeTruthy();

    const item = (await session.relief.list({ householdId })).find((h) => h.id === quilts)!;
    expect(item.ledger).toMatchObject({ state: 'voided', corrections: [{ action: 'void', reason: '重复登记，实际未发', by: '王芳', syncState: 'pending', counts: true }] });
    expect(await session.relief.get(quilts)).toEqual(before);
    // The entitlement check reads the corrected ledger: four quilts are due again.
    const check = await session.relief.check({ ...before!, id: 'relief-next-0001' });
    expect(check).toMatchObject({ result: 'ok', figures: { previousCount: 0 } });

    // Synced: the server holds the void as its own record, and the original as it was.
    await session.sync.syncNow();
    const stored = await rig.server.records('relief-correction');
    expect(stored.map((r) => [r.fields.originalId, r.fields.action])).toEqual([[quilts, 'void']]);
    expect((await rig.server.records('relief')).find((r) => r.id === quilts)!.fields.quantity).toBe(4);
  });

  it('corrects the cash amount: the row shows the corrected amount and the original; a correction past the entitlement is refused', async () => {
    const { user, session, householdId, cash } = await openPage();
    await user.click(screen.getByRole('button', { name: /更正 .* 的应急救助资金发放/ }));
    let form = screen.getByRole('form', { name: '更正这次发放' });
    await user.clear(within(form).getByLabelText('金额（元）'));
    await user.type(within(form).getByLabelText('金额（元）'), '1200');
    await user.type(within(form).getByLabelText('理由（必填）'), '金额录错');
    await user.click(within(form).getByRole('button', { name: '保存更正' }));
    expect(await within(form).findByRole('alert')).toHaveProperty('textContent', '未能保存：超出本轮标准');

    await user.clear(within(form).getByLabelText('金额（元）'));
    await user.type(within(form).getByLabelText('金额（元）'), '600');
    await user.click(within(form).getByRole('button', { name: '保存更正' }));
    expect(await screen.findByText('已更正')).toBeTruthy();
    expect(screen.getByText('原记录：1000 元，1000 元')).toBeTruthy();
    const item = (await session.relief.list({ householdId })).find((h) => h.id === cash)!;
    expect(item.ledger).toMatchObject({ state: 'corrected', corrected: { cashValue: 600, quantity: 600 } });
    // Still correctable (the latest correction wins), and voidable.
    form = screen.queryByRole('form', { name: '更正这次发放' }) as HTMLElement;
    expect(form).toBeNull();
    await waitFor(() => expect(screen.getByRole('button', { name: /作废 .* 的应急救助资金发放/ })).toBeTruthy());
  });

  it('offers 作废 / 更正 to a worker only on the hand-outs they issued (the server checks who recorded it, R2)', async () => {
    const { rig, session } = await reliefRig();
    const { id: householdId } = await session.households.save(shelterHousehold());
    await handOut(session, householdId, { item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 100, payment: 'in-kind' });
    await handOut(session, householdId, { item: { category: 'cash', kind: 'emergency' }, quantity: 500, unit: '元', cashValue: 500, payment: 'card', issuingOfficer: '李四' });
    await renderInSession(<ReliefHouseholdPage householdId={householdId} />, { rig, session, now: rig.clock.now });
    await screen.findByRole('button', { name: /作废 .* 的棉被发放/ });
    expect(screen.queryByRole('button', { name: /作废 .* 的应急救助资金发放/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /更正 .* 的应急救助资金发放/ })).toBeNull();
  });

  it('a correction refused because the county voided the hand-out first settles: 已由他人作废, not 需更正 (R3)', async () => {
    const { rig, session } = await reliefRig();
    const { id: householdId } = await session.households.save(shelterHousehold());
    const quilts = await handOut(session, householdId, { item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 100, payment: 'in-kind' });
    await session.sync.syncNow();
    await rig.server.addUser({ username: 'zhao', password: 'pw-zhao', displayName: '赵审核', role: 'supervisor', township: null, county: TEST_COUNTY });
    const county = (await rig.anotherTablet().loginOnline('zhao', 'pw-zhao')).county;
    await county.correctHandout(quilts, { action: 'void', reason: '县里核实：重复发放' });
    // The worker, not yet synced since, corrects the quantity; the push is refused as already voided.
    await session.relief.correct(quilts, { action: 'correct', reason: '实发一床', corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 1, unit: '床', cashValue: 50, payment: 'in-kind' } });
    await session.sync.syncNow();
    expect(session.sync.state().rejected).toBe(0);
    await renderInSession(<ReliefHouseholdPage householdId={householdId} />, { rig, session, now: rig.clock.now });
    expect(await screen.findByText('已作废')).toBeTruthy();
    expect(screen.getByText(/赵审核 于 .* 作废：县里核实：重复发放/)).toBeTruthy();
    const line = screen.getByText(/王芳 于 .* 更正为 1 床，50 元：实发一床/);
    expect(within(line).getByText('该发放已由他人作废')).toBeTruthy();
    expect(screen.queryByText(/未被服务器接受/)).toBeNull();
  });

  it('is labelled in English too', async () => {
    const { rig, session } = await reliefRig();
    const { id: householdId } = await session.households.save(shelterHousehold());
    await handOut(session, householdId, { item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 100, payment: 'in-kind' });
    const { user } = await renderInSession(<ReliefHouseholdPage householdId={householdId} />, { rig, session, now: rig.clock.now, lang: 'en' });
    await user.click(await screen.findByRole('button', { name: /^Void the Quilts hand-out of/ }));
    const form = screen.getByRole('form', { name: 'Void this hand-out' });
    expect(within(form).getByLabelText('Reason (required)')).toBeTruthy();
    expect(within(form).getByRole('button', { name: 'Void it' })).toBeTruthy();
  });
});
