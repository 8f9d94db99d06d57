import { configure, act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { FAKE_PNG, reliefRig, shelterHousehold } from '../../../test/helpers/relief-fixtures';
import { ReliefHouseholdPage } from './ReliefHouseholdPage';
import { signaturePads } from '../../../test/helpers/fake-signature-pad';

// Real encryption on fake-indexeddb under a busy test run: give the screens time to answer.
configure({ asyncUtilTimeout: 10_000 });

// jsdom has no canvas: a stand-in signature pad that "draws" when the test signs.
vi.mock('signature_pad', () => import('../../../test/helpers/fake-signature-pad'));

beforeEach(() => {
  signaturePads.length = 0;
  localStorage.clear();
});

async function openPage() {
  const { rig, session } = await reliefRig();
  const { id } = await session.households.save(shelterHousehold());
  const r = await renderInSession(<ReliefHouseholdPage householdId={id} />, { rig, session, now: rig.clock.now });
  await screen.findByRole('heading', { name: '张三 户的救灾款物发放' });
  return { ...r, rig, session, householdId: id };
}

const sign = () => act(() => signaturePads.at(-1)!.sign());
const save = () => screen.getByRole('button', { name: '保存发放记录' });

/**
 * Three of the four quilts the household is due, saved; then quilt chosen again in the same round (the
 * form proposes the one still due). The repeat's warning and confirmation are the caller's.
 */
async function shortQuiltThenSecond(user: Awaited<ReturnType<typeof openPage>>['user']): Promise<void> {
  await user.selectOptions(screen.getByLabelText('发放项目'), 'quilt');
  await waitFor(() => expect((screen.getByLabelText('数量') as HTMLInputElement).value).toBe('4'));
  await user.clear(screen.getByLabelText('数量'));
  await user.type(screen.getByLabelText('数量'), '3');
  await sign();
  await user.click(save());
  await screen.findByText('发放已登记');
  // The first hand-out was short by one quilt: a second one in the same round.
  await user.selectOptions(screen.getByLabelText('发放项目'), 'quilt');
  await waitFor(() => expect((screen.getByLabelText('数量') as HTMLInputElement).value).toBe('1'));
}

describe('a relief hand-out at the desk', { timeout: 30_000 }, () => {
  it('saves quilts with a drawn signature as a PNG attachment, and lists it in the household’s history', async () => {
    const { user, session, householdId } = await openPage();
    expect((screen.getByLabelText('发放轮次') as HTMLInputElement).value).toBe('1');
    expect((screen.getByLabelText('发放人') as HTMLInputElement).value).toBe('王芳');
    await user.selectOptions(screen.getByLabelText('发放项目'), 'quilt');
    // The entitlement's unit and what is still due, prefilled.
    await waitFor(() => expect((screen.getByLabelText('数量') as HTMLInputElement).value).toBe('4'));
    expect((screen.getByLabelText('单位') as HTMLInputElement).value).toBe('床');
    expect((screen.getByLabelText('折款（元）') as HTMLInputElement).value).toBe('200');
    expect(await screen.findByText('本轮标准（每户）：4 床，200 元')).toBeTruthy();
    await user.clear(screen.getByLabelText('数量'));
    await user.type(screen.getByLabelText('数量'), '2');
    // The converted value follows the quantity at the entitlement's price (200 yuan for 4).
    expect((screen.getByLabelText('折款（元）') as HTMLInputElement).value).toBe('100');
    expect(screen.getByRole('img', { name: '领取人签名区' })).toBeTruthy();

    // Without a signature nothing is saved.
    await user.click(save());
    expect(await screen.findByText('请先完成领取确认：签名或手印照片')).toBeTruthy();
    expect(await session.relief.list()).toEqual([]);

    await sign();
    await user.click(screen.getByLabelText('由他人代领（非户主本人）'));
    await user.type(screen.getByLabelText('代领人姓名'), '张小三');
    await user.type(screen.getByLabelText('与户主关系'), '儿子');
    await user.click(save());
    expect(await screen.findByText('发放已登记')).toBeTruthy();

    const [item] = await session.relief.list({ householdId });
    expect(item).toMatchObject({ itemKind: 'quilt', quantity: 2, unit: '床', cashValue: 100, payment: 'in-kind', confirmation: 'signature', proxy: { name: '张小三', relation: '儿子' }, issuingOfficer: '王芳' });
    const handout = (await session.relief.get(item!.id))!;
    expect(handout).toMatchObject({ round: 1, householdId, deviceId: expect.any(String) });
    const photo = await session.attachments.get(handout.recipient.attachmentSha256);
    expect(photo).toEqual({ bytes: FAKE_PNG, contentType: 'image/png' });
    expect((await session.db.attachments.get(handout.recipient.attachmentSha256))!.recordId).toBe(item!.id);

    const history = await screen.findByRole('table');
    expect(within(history).getByText('棉被')).toBeTruthy();
    expect(within(history).getByText('张小三（儿子）代领 · 签名')).toBeTruthy();
    expect(within(history).getByText('待上传')).toBeTruthy();
    // The form is ready for the next hand-out: item cleared, round kept.
    expect((screen.getByLabelText('发放项目') as HTMLSelectElement).value).toBe('');
    expect((screen.getByLabelText('发放轮次') as HTMLInputElement).value).toBe('1');
  });

  it('refuses a hand-out beyond the entitlement: the save stays disabled', async () => {
    const { user, session } = await openPage();
    await user.selectOptions(screen.getByLabelText('发放项目'), 'emergency');
    await waitFor(() => expect((screen.getByLabelText('金额（元）') as HTMLInputElement).value).toBe('1000'));
    expect((screen.getByLabelText('发放方式') as HTMLSelectElement).value).toBe('card');
    await user.clear(screen.getByLabelText('金额（元）'));
    await user.type(screen.getByLabelText('金额（元）'), '1200');
    expect(await screen.findByText('超出标准，不能发放：超出 200 元。')).toBeTruthy();
    await sign();
    expect((save() as HTMLButtonElement).disabled).toBe(true);
    expect(await session.relief.list()).toEqual([]);
  });

  it('warns on a repeat of the item in the round and saves only once the worker confirms', async () => {
    const { user, session } = await openPage();
    await shortQuiltThenSecond(user);
    expect(await screen.findByText('该户本轮已在本平板领取 1 次，共 3 床、150 元。')).toBeTruthy();
    expect(await screen.findByText(/该户本轮已领过此项目/)).toBeTruthy();
    await sign();
    expect((save() as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByLabelText('我已核实，确认再次发放'));
    expect((save() as HTMLButtonElement).disabled).toBe(false);
    await user.click(save());
    await waitFor(async () => expect(await session.relief.list()).toHaveLength(2));
  });

  it('[O5] says each hand-out is new (a fresh id after each save): two hand-outs, two new records, nothing edited', async () => {
    const { user, session } = await openPage();
    const saveSpy = vi.spyOn(session.relief, 'save');
    await shortQuiltThenSecond(user);
    await sign();
    await user.click(screen.getByLabelText('我已核实，确认再次发放'));
    await user.click(save());
    await waitFor(async () => expect(await session.relief.list()).toHaveLength(2));
    expect(saveSpy).toHaveBeenCalledTimes(2);
    expect(saveSpy.mock.calls.map((c) => c[1]?.newRecord)).toEqual([true, true]);
    const ids = saveSpy.mock.calls.map((c) => (c[0] as { id: string }).id);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect((await session.db.records.get(id))!.rev).toBe(1);
  });

  it('is labelled in English too', async () => {
    const { rig, session } = await reliefRig();
    const { id } = await session.households.save(shelterHousehold());
    const { user } = await renderInSession(<ReliefHouseholdPage householdId={id} />, { rig, session, now: rig.clock.now, lang: 'en' });
    await screen.findByRole('heading', { name: 'Relief for 张三’s household' });
    await user.selectOptions(screen.getByLabelText('Item'), 'quilt');
    expect(await screen.findByLabelText('Converted value (yuan)')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Recipient’s signature' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Save the hand-out' })).toBeTruthy();
  });
});
