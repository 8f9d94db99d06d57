import { configure, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { HEAD_ID, OTHER_ID, reliefRig, SITE_A } from '../../../test/helpers/relief-fixtures';
import { HouseholdFormPage } from './HouseholdFormPage';

// Real encryption on fake-indexeddb under a busy test run: give the screens time to answer.
configure({ asyncUtilTimeout: 10_000 });

beforeEach(() => localStorage.clear());

async function openNew() {
  const { rig, session } = await reliefRig();
  const onDone = vi.fn();
  let n = 0;
  const r = await renderInSession(<HouseholdFormPage onDone={onDone} />, { rig, session, now: rig.clock.now, newId: () => `new-id-${String(++n).padStart(4, '0')}` });
  await screen.findByLabelText('身份证号');
  return { ...r, rig, session, onDone };
}

async function essentials(user: Awaited<ReturnType<typeof openNew>>['user'], members = '3') {
  await user.type(screen.getByLabelText('身份证号'), HEAD_ID);
  await user.type(screen.getByLabelText('户主姓名'), '张三');
  await user.type(screen.getByLabelText('家庭人数'), members);
  await user.type(screen.getByLabelText('原住村'), '河口村');
  await user.click(screen.getByRole('radio', { name: '严重损坏' }));
  await user.click(screen.getByRole('radio', { name: '集中安置' }));
  await user.selectOptions(screen.getByLabelText('安置点'), SITE_A.id);
}

describe('the complete household form', { timeout: 30_000 }, () => {
  it('registers members one by one: add, fill (the ID number gives sex and age band), remove; special needs follow', async () => {
    const { user, session, onDone } = await openNew();
    await essentials(user, '2');
    await user.click(screen.getByText('家庭成员'));
    expect(screen.getByText(/尚未添加成员/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '添加成员' }));
    await user.type(screen.getByLabelText('成员 1 姓名'), '李梅');
    await user.type(screen.getByLabelText('成员 1 身份证号（如有）'), OTHER_ID);
    // 1977-07-07, female: filled in from the number.
    await waitFor(() => expect((screen.getByLabelText('成员 1 性别') as HTMLSelectElement).value).toBe('female'));
    expect((screen.getByLabelText('成员 1 年龄段') as HTMLSelectElement).value).toBe('18-59');
    await user.click(screen.getByRole('button', { name: '添加成员' }));
    await user.type(screen.getByLabelText('成员 2 姓名'), '张小宝');
    await user.selectOptions(screen.getByLabelText('成员 2 性别'), 'male');
    await user.selectOptions(screen.getByLabelText('成员 2 年龄段'), '0-4');
    await user.click(screen.getAllByRole('checkbox', { name: '需要照料' })[1]!);
    await user.click(screen.getByRole('button', { name: '添加成员' }));
    await user.type(screen.getByLabelText('成员 3 姓名'), '多余的人');
    // Three listed, household of two: pointed out, and the count can follow the list in one tap.
    expect(screen.getByText('已登记 3 名成员，家庭人数为 2 人。')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '删除成员 3' }));
    expect(screen.queryByLabelText('成员 3 姓名')).toBeNull();
    await user.selectOptions(screen.getByLabelText('成员 1 伤亡情况'), 'injured');

    await user.click(screen.getByText('特殊需要与伤亡'));
    expect(screen.getByText('按逐人登记的成员自动统计')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const [item] = await session.households.list();
    const saved = (await session.households.get(item!.id))!;
    expect(saved.members).toEqual([
      { id: 'new-id-0002', name: '李梅', idNumber: OTHER_ID, sex: 'female', ageBand: '18-59', casualty: 'injured' },
      { id: 'new-id-0003', name: '张小宝', sex: 'male', ageBand: '0-4', needsCare: true },
    ]);
    expect(saved.specialNeeds).toEqual({ aged60plus: 0, under5: 1, pregnantOrBreastfeeding: 0, disability: 0, regularMedicine: 0, unaccompaniedChild: 0, needsCare: 1 });
    expect(saved.memberCounts).toBeUndefined();
    // The member's ID number is findable on this tablet too (duplicate warning).
    expect(await session.households.findByIdNumber(OTHER_ID)).toHaveLength(1);
  });

  it('names a member left half-filled and opens its section', async () => {
    const { user, session } = await openNew();
    await essentials(user);
    await user.click(screen.getByText('家庭成员'));
    await user.click(screen.getByRole('button', { name: '添加成员' }));
    await user.click(screen.getByText('家庭成员')); // closed again
    await user.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('请更正标出的项目后再保存。')).toBeTruthy();
    expect(screen.getByLabelText('成员 1 姓名').getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect((screen.getByText('家庭成员').closest('details') as HTMLDetailsElement).open).toBe(true));
    expect(await session.households.list()).toEqual([]);
  });

  it('counts members by sex and age band instead, with special needs, casualties, the four needs and support', async () => {
    const { user, session, onDone } = await openNew();
    await essentials(user, '5');
    await user.click(screen.getByRole('radio', { name: '按性别和年龄段统计人数' }));
    await user.type(screen.getByLabelText('男，18–59 岁'), '2');
    await user.type(screen.getByLabelText('女，60 岁及以上'), '1');
    await user.type(screen.getByLabelText('女，0–4 岁'), '2');
    expect(screen.getByText('统计合计 5 人')).toBeTruthy();
    // Issue 13 item 4: the ages follow the bands (shown, not typed), the head included.
    expect(screen.queryByLabelText('60 岁及以上老人')).toBeNull();
    expect(screen.getByText('60 岁及以上老人', { selector: 'dt' }).nextElementSibling?.textContent).toBe('1');
    expect(screen.getByText('5 岁以下儿童', { selector: 'dt' }).nextElementSibling?.textContent).toBe('2');
    await user.type(screen.getByLabelText('失踪'), '1');
    for (const [need, state] of [['食物和饮用水', '已满足'], ['衣被', '部分满足'], ['医疗', '未满足'], ['临时住所', '已满足']] as const) {
      await user.click(within(screen.getByRole('group', { name: need })).getByRole('radio', { name: state }));
    }
    await user.type(screen.getByLabelText('医疗说明'), '需要降压药');
    await user.click(screen.getByLabelText('需紧急生活救助'));
    await user.selectOptions(screen.getByLabelText('房屋结构'), 'brick-wood');
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const [item] = await session.households.list();
    const saved = (await session.households.get(item!.id))!;
    expect(saved.members).toBeUndefined();
    expect(saved.memberCounts).toEqual({ male: { '0-4': 0, '5-17': 0, '18-59': 2, '60+': 0 }, female: { '0-4': 2, '5-17': 0, '18-59': 0, '60+': 1 } });
    expect(saved.specialNeeds).toMatchObject({ aged60plus: 1, under5: 2, disability: 0 });
    expect(saved.casualties).toEqual({ dead: 0, missing: 1, injured: 0 });
    expect(saved.needs).toEqual({ food: { state: 'met' }, clothing: { state: 'partly' }, medical: { state: 'not-met', note: '需要降压药' }, shelter: { state: 'met' } });
    expect(saved).toMatchObject({ needsEmergencySupport: true, needsTransitionalSupport: false, damage: { level: 'severe', rooms: 0, structure: 'brick-wood' } });
  });

  it('asks for all four needs once one is given', async () => {
    const { user, session } = await openNew();
    await essentials(user);
    await user.click(within(screen.getByRole('group', { name: '食物和饮用水' })).getByRole('radio', { name: '部分满足' }));
    await user.click(screen.getByRole('button', { name: '保存' }));
    expect((await screen.findAllByText('请为四项需求都选择状态，或都不填')).length).toBe(3);
    expect(await session.households.list()).toEqual([]);
  });

  it('starts the next registration at the shelter of the last one', async () => {
    const { user, rig, session, onDone, unmount } = await openNew();
    await essentials(user);
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    unmount();
    await renderInSession(<HouseholdFormPage onDone={vi.fn()} />, { rig, session, now: rig.clock.now });
    await screen.findByLabelText('身份证号');
    expect((screen.getByLabelText('安置点') as HTMLSelectElement).value).toBe(SITE_A.id);
    expect((screen.getByRole('radio', { name: '集中安置' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText('已默认选择上次登记的安置点')).toBeTruthy();
    expect((screen.getByLabelText('灾害事件') as HTMLSelectElement).value).toBe('event-0630-flood');
    expect((screen.getByLabelText('入住时间') as HTMLInputElement).value).toBe('2025-07-01T16:00');
  });
});
