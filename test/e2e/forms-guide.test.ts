import { describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { madeUpIdNumber } from '../helpers/survey-builders';
import { TOWNSHIP_NAME, type Scene } from './support/scene';
import type { RunningServer } from './support/server-process';
import { drawSignature, logInOnline, waitForSyncText } from './support/ui';
import { sceneInBrowser } from './support/scene-in-browser';

/**
 * Issue 13 item 5: finishing a survey lists every missing item at once, 前往 lands on the member's field,
 * the pledge's evidence is a photo or a drawn signature, and 计入共同生活家庭成员 defaults to 是 for every member.
 * Issue 13 item 6: the household form validates when the worker saves, then on each change. A new member
 * row is not red before anything is typed (nor after leaving its fields); an unselected choice asks to
 * choose ("请选择") instead of "格式不正确"; a valid choice clears its message at once, without a blur.
 */

const errorsIn = (scope: Locator) => scope.locator('.field-error').allTextContents();

const exact = { exact: true } as const;
const group = (scope: Page | Locator, name: string) => scope.getByRole('group', { name, exact: true });
const stepTitle = (page: Page, n: number) => page.getByText(new RegExp(`^第 ${n} 步，共 9 步`)).waitFor({ timeout: 30_000 });
const toStep = (page: Page, name: string) => page.getByRole('navigation', { name: '调查步骤' }).getByRole('button', { name, exact: true }).click();
const choose = (scope: Page | Locator, label: string, option: string) => scope.getByLabel(label, exact).selectOption({ label: option });

/** A member through the editor; `school` left out on purpose for a student. Checks the 计入 default first. */
async function addMember(page: Page, m: { name: string; idNumber: string; relation?: string; employment: string }) {
  await page.getByRole('button', { name: '添加成员' }).click();
  const editor = page.locator('fieldset.member-editor');
  // Issue 13 item 5: 计入共同生活家庭成员 defaults to 是 for every member, not the first only.
  expect(await group(editor, '计入共同生活家庭成员').getByLabel('是', exact).isChecked(), m.name).toBe(true);
  await editor.getByLabel('姓名', exact).fill(m.name);
  await editor.getByLabel('身份证号', exact).fill(m.idNumber);
  await expect.poll(() => editor.getByText(/^由身份证号得出：/).count()).toBe(1);
  if (m.relation) await choose(editor, '与申请人关系', m.relation);
  await choose(editor, '健康状况', '健康');
  await choose(editor, '劳动能力', m.employment === '在校学生' ? '无劳动能力' : '有劳动能力');
  await choose(editor, '就业状况', m.employment);
  await page.getByRole('button', { name: '完成编辑', exact: true }).click();
}

/** The problems 完成调查并评估 lists, as the worker reads them. */
async function problemsAfterComplete(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: '完成调查并评估' }).click();
  const list = page.getByRole('list', { name: '需要更正的项目' });
  await list.waitFor({ timeout: 30_000 });
  return list.getByRole('listitem').locator('span').allTextContents();
}

describe('forms that guide instead of bounce (issue 13 items 5 and 6)', () => {
  let server: RunningServer;
  let browser: Browser;
  let scene: Scene;

  sceneInBrowser((started) => ({ server, scene, browser } = started), { worker: 'guided' });

  it('a member row: quiet until saved, "请选择" for a choice, cleared on change', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(server.url);
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await waitForSyncText(page, /已同步/);
    await page.getByRole('button', { name: '登记受灾户' }).click();
    await page.getByLabel('户主姓名').waitFor({ timeout: 30_000 });

    // A new member row, its fields visited and left empty: nothing red yet.
    await page.getByText('家庭成员', { exact: true }).click();
    await page.getByRole('button', { name: '添加成员' }).click();
    const row1 = page.getByRole('group', { name: '成员 1', exact: true });
    await row1.getByLabel('成员 1 姓名').click();
    await row1.getByLabel('成员 1 性别').focus();
    await row1.getByLabel('成员 1 年龄段').focus();
    await page.getByLabel('户主姓名').click();
    expect(await errorsIn(row1)).toEqual([]);
    expect(await row1.locator('[aria-invalid="true"]').count()).toBe(0);
    expect(await page.locator('.field-error').count()).toBe(0);

    // Save: now every problem shows; a choice not made asks to choose.
    await page.getByRole('button', { name: '保存' }).click();
    await row1.locator('.field-error').first().waitFor();
    const sexError = row1.locator('.field').filter({ has: page.getByLabel('成员 1 性别') }).locator('.field-error');
    expect(await sexError.textContent()).toBe('请选择');
    expect(await page.getByText('格式不正确').count()).toBe(0);

    // A valid choice clears its message at once (on change, not on blur).
    await row1.getByLabel('成员 1 性别').selectOption({ label: '男' });
    await expect.poll(() => sexError.count()).toBe(0);

    // A row added after the failed save is not red before anything is typed in it.
    await page.getByRole('button', { name: '添加成员' }).click();
    const row2 = page.getByRole('group', { name: '成员 2', exact: true });
    await row2.getByLabel('成员 2 姓名').waitFor();
    expect(await errorsIn(row2)).toEqual([]);
    expect(await row2.locator('[aria-invalid="true"]').count()).toBe(0);
    // ... until the next save, which names its missing fields too.
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => errorsIn(row2)).toContain('请选择');
    await context.close();
  });

  it('issue 13 item 5: every missing item at once, 前往 lands on the member and field, the pledge by photo or signature', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await waitForSyncText(page, /已同步/);
    await page.getByRole('link', { name: '入户调查' }).click();
    await page.getByRole('button', { name: '新建入户调查' }).click();
    await stepTitle(page, 1);

    // 1 Case: both papers signed, no photo of either yet.
    await choose(page, '申请类型', '低保');
    await choose(page, '调查类型', '新申请');
    await group(page, '城乡类别').getByLabel('农村', exact).check();
    const registered = group(page, '户籍地');
    await registered.getByLabel('乡镇（街道）', exact).fill(TOWNSHIP_NAME);
    await registered.getByLabel('村/社区', exact).fill('东风村');
    await registered.getByLabel('详细地址', exact).fill('东风村三组 8 号（虚构）');
    await page.getByRole('button', { name: '与户籍地相同' }).click();
    await group(page, '已签署授权核对书').getByLabel('是', exact).check();
    await group(page, '已签署承诺书').getByLabel('是', exact).check();
    await group(page, '家庭成员是否为民政工作人员或村（居）委会成员的近亲属').getByLabel('否', exact).check();

    // 3 Members: the applicant and a pupil whose 学段 is left out; each editor opens with 计入 = 是.
    await toStep(page, '3 家庭成员');
    await stepTitle(page, 3);
    await addMember(page, { name: '赵大山', idNumber: '330106198503121231', employment: '就业' });
    await addMember(page, { name: '赵小林', idNumber: madeUpIdNumber('2016-05-01', 'male', 7), relation: '子女', employment: '在校学生' });
    await addMember(page, { name: '孙桂芝', idNumber: madeUpIdNumber('1986-02-03', 'female', 8), relation: '配偶', employment: '务农' });

    // 9 Complete: the home visit's method, both papers' evidence and the pupil's school, all on the first try.
    await toStep(page, '9 核对并完成');
    await stepTitle(page, 9);
    const first = await problemsAfterComplete(page);
    expect(first).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^入户调查 · 调查方式：/),
        expect.stringMatching(/^案件信息 · 授权核对书照片：/),
        expect.stringMatching(/^案件信息 · 承诺书照片：/),
        expect.stringMatching(/^家庭成员 · (学段|就读学校)（赵小林）：/),
      ]),
    );

    // 前往 opens 赵小林's row and puts the cursor in its 学段.
    const pupil = page.getByRole('list', { name: '需要更正的项目' }).getByRole('listitem').filter({ hasText: '赵小林' });
    await pupil.getByRole('button', { name: /^前往“3 家庭成员”/ }).click();
    await stepTitle(page, 3);
    const editor = page.locator('fieldset.member-editor');
    await expect.poll(() => editor.getByLabel('姓名', exact).inputValue()).toBe('赵小林');
    await expect.poll(() => editor.getByLabel('学段', exact).evaluate((el) => el === document.activeElement)).toBe(true);
    await choose(editor, '学段', '小学');
    await page.getByRole('button', { name: '完成编辑', exact: true }).click();

    // The photo step says the one rule: the authorisation's photo, and the pledge's photo OR the applicant's signature.
    await toStep(page, '8 照片');
    await stepTitle(page, 8);
    await page.getByText(/完成调查前须有已签署的授权核对书的照片，以及承诺书的照片或申请人的手写签名/).waitFor();
    expect(await page.getByText('没有照片不影响调查上传').count()).toBe(0);
    const pledge = group(page, '承诺书：手写签名（可代替照片）');
    await pledge.getByRole('button', { name: '请申请人手写签名' }).click();
    await drawSignature(page, pledge.getByRole('img', { name: '申请人签名区' }));
    await pledge.getByRole('button', { name: '保存签名' }).click();
    await pledge.getByText('承诺书凭证：已手写签名').waitFor({ timeout: 30_000 });

    // Now the signature stands for the pledge's photo; the authorisation still needs its photo; the pupil is done.
    await toStep(page, '9 核对并完成');
    await stepTitle(page, 9);
    const second = await problemsAfterComplete(page);
    expect(second.some((p) => /^案件信息 · 授权核对书照片：/.test(p))).toBe(true);
    expect(second.filter((p) => /承诺书照片|赵小林/.test(p))).toEqual([]);
    await context.close();
  });
});
