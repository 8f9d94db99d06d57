import { configure, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { madeUpId } from '../../../test/fixtures/relocation-event';
import { reliefRig, SITE_A } from '../../../test/helpers/relief-fixtures';
import { HouseholdFormPage } from './HouseholdFormPage';

configure({ asyncUtilTimeout: 10_000 });
beforeEach(() => localStorage.clear());

/** 张建国, born 1964-03-01: 61 on the rig's day (2025-07-01). */
const OLD_HEAD = madeUpId(301, '19640301');

async function openWithHead() {
  const { rig, session } = await reliefRig();
  const onDone = vi.fn();
  let n = 0;
  const r = await renderInSession(<HouseholdFormPage onDone={onDone} />, { rig, session, now: rig.clock.now, newId: () => `new-id-${String(++n).padStart(4, '0')}` });
  await screen.findByLabelText('身份证号');
  const { user } = r;
  await user.type(screen.getByLabelText('身份证号'), OLD_HEAD);
  await user.type(screen.getByLabelText('户主姓名'), '张建国');
  await user.type(screen.getByLabelText('家庭人数'), '2');
  await user.type(screen.getByLabelText('原住村'), '河东村');
  await user.click(screen.getByRole('radio', { name: '严重损坏' }));
  await user.click(screen.getByRole('radio', { name: '集中安置' }));
  await user.selectOptions(screen.getByLabelText('安置点'), SITE_A.id);
  return { ...r, session, onDone };
}

const derivedCount = (label: string) => {
  const term = within(screen.getByRole('group', { name: '特殊需要人数' })).getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent;
};

describe('special-needs counts include the household head (issue 13, item 4)', { timeout: 30_000 }, () => {
  it('the member list says the head belongs in it; a head left out still counts as 60+ from the ID number', async () => {
    const { user, session, onDone } = await openWithHead();
    await user.click(screen.getByText('家庭成员'));
    expect(screen.getByText(/成员名单包括户主本人/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '添加成员' }));
    await user.type(screen.getByLabelText('成员 1 姓名'), '张小宝');
    await user.selectOptions(screen.getByLabelText('成员 1 性别'), 'male');
    await user.selectOptions(screen.getByLabelText('成员 1 年龄段'), '0-4');
    await user.click(screen.getByText('特殊需要与伤亡'));
    expect(derivedCount('60 岁及以上老人')).toBe('1');
    expect(derivedCount('5 岁以下儿童')).toBe('1');
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const [item] = await session.households.list();
    expect((await session.households.get(item!.id))!.specialNeeds).toMatchObject({ aged60plus: 1, under5: 1 });
  });

  it('counted by sex and age band: 60+ and under-5 follow the bands, never blank', async () => {
    const { user, session, onDone } = await openWithHead();
    await user.click(screen.getByText('家庭成员'));
    await user.click(screen.getByRole('radio', { name: '按性别和年龄段统计人数' }));
    await user.type(screen.getByLabelText('男，60 岁及以上'), '1');
    await user.type(screen.getByLabelText('女，0–4 岁'), '1');
    await user.click(screen.getByText('特殊需要与伤亡'));
    expect(derivedCount('60 岁及以上老人')).toBe('1');
    expect(derivedCount('5 岁以下儿童')).toBe('1');
    await user.type(screen.getByLabelText('残疾人'), '1');
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const [item] = await session.households.list();
    expect((await session.households.get(item!.id))!.specialNeeds).toMatchObject({ aged60plus: 1, under5: 1, disability: 1 });
  });
});
