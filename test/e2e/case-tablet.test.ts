import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Api } from './support/api';
import { goOffline, goOnline, waitForServiceWorker } from './support/browser';
import { madeUpIdNumber } from './support/ids';
import { COUNTY, serverRecords, type Scene } from './support/scene';
import type { RunningServer } from './support/server-process';
import { logInOnline, registerHousehold, waitForSyncText } from './support/ui';
import { sceneInBrowser } from './support/scene-in-browser';
import { openStep, recordNoticeWithObjection, reinvestigateAndProposeAgain, saved, syncNow } from './support/case-steps';

/**
 * Issue 15 on the township worker's tablet, in Chromium: offline, the worker accepts a dibao case for a
 * household on the tablet, starts its survey, proposes a grant, records a 7-day notice with one objection
 * (a 4-day notice is refused with the rule's reason), a re-investigation and a new opinion; online, the steps sync. The
 * county returns the case with a comment (POST /api/county/case-steps: the county page is another
 * helper's); the worker syncs, sees the return and its comment in 我的案件 and on the case page,
 * re-investigates, proposes again, holds the notice again without objections and syncs. The server
 * holds every step once, in order, none stale. Made-up people.
 */
const exact = { exact: true } as const;
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const plusDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function stepsOnServer(admin: Api, caseId: string): Promise<string[]> {
  const r = await admin.call<{ steps: { kind: string }[]; flag: unknown }>('GET', `/api/cases/${caseId}`);
  expect(r.flag).toBeNull(); // nothing stale (K5)
  return r.steps.map((s) => s.kind);
}

describe('the township worker’s tablet: from acceptance to a county return and back (issue 15)', () => {
  let server: RunningServer;
  let browser: Browser;
  let scene: Scene;

  sceneInBrowser((started) => ({ server, scene, browser } = started), {
    worker: 'lihua',
    setUp: async ({ scene }) => {
      await scene.admin.call('POST', '/api/admin/users', { username: 'county-zhao', password: 'county-pass-789', role: 'supervisor', township: null, county: COUNTY, displayName: '赵科长' });
    },
  });

  it('K21 K23 CL5 CL7 CL8: offline steps sync, the county return shows with its comment, the worker completes the path', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(server.url);
    await waitForServiceWorker(page);
    await logInOnline(page, scene.worker.username, scene.worker.password);
    await waitForSyncText(page, /已同步/); // the calendar arrives as reference data

    await goOffline(context, server.url);
    await waitForSyncText(page, /离线/);
    await registerHousehold(page, { idNumber: madeUpIdNumber(41), name: '赵桂兰', members: 3, village: '东风村' });

    // 受理
    await page.getByRole('link', { name: '我的案件' }).click();
    await page.getByRole('link', { name: '受理新案件' }).click();
    await page.getByLabel('申请家庭', exact).selectOption({ label: '赵桂兰（家庭记录）' });
    await page.getByLabel('救助类别', exact).selectOption({ label: '低保' });
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('heading', { name: '赵桂兰的案件' }).waitFor({ timeout: 30_000 });
    const caseId = decodeURIComponent(new URL(page.url()).hash.replace('#/cases/', ''));
    // Before any survey the only step offered is the survey (CL2).
    await expect.poll(() => page.getByRole('button', { name: '乡镇审核意见', exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: '开始入户调查' }).click();
    await saved(page, /^本案没有上次的调查，调查从空白开始。/);
    // The survey opens in the survey form, already of the case's programme and a new-application visit (K24).
    await page.getByRole('button', { name: '打开调查' }).click();
    await page.getByText(/^第 1 步，共 9 步/).waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('申请类型', exact).evaluate((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('低保');
    expect(await page.getByLabel('调查类型', exact).evaluate((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('新申请');
    await page.goBack();
    await page.getByRole('heading', { name: '赵桂兰的案件' }).waitFor({ timeout: 30_000 });

    const opinion = await openStep(page, '乡镇审核意见');
    await opinion.getByLabel('建议纳入', exact).check();
    await opinion.getByLabel('拟保障金额（元/月）', exact).fill('650');
    await opinion.getByRole('button', { name: '记录' }).click();
    await saved(page);

    // A notice shorter than the policy's 7 days is refused, with the rule and its reason in words.
    const today = chinaToday();
    const notice = await openStep(page, '公示');
    expect(await notice.getByLabel('公示结束日期', exact).inputValue()).toBe(plusDays(today, 6));
    await notice.getByLabel('公示结束日期', exact).fill(plusDays(today, 3));
    await notice.getByRole('button', { name: '记录' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '不能记录' }).textContent(), { timeout: 30_000 }).toBe('不能记录：公示时间不足（规则 CL5）');
    await notice.getByLabel('公示结束日期', exact).fill(plusDays(today, 6));
    await recordNoticeWithObjection(page, notice);

    // CL7: the objection sends the case back to investigation: no opinion is offered before it.
    await expect.poll(() => page.getByRole('button', { name: '乡镇审核意见', exact: true }).count()).toBe(0);
    // After the re-investigation the township gives its opinion again (CL7): the county decides on an opinion (CL8).
    await reinvestigateAndProposeAgain(page, '核实营运车辆', '600');
    const history = page.getByRole('table', { name: '办理记录列表' });
    await expect.poll(() => history.getByRole('rowheader').allTextContents()).toEqual(['入户调查', '乡镇审核意见', '公示', '重新调查', '乡镇审核意见']);

    // Online: the steps reach the server through the normal push.
    await goOnline(context, server.url);
    await syncNow(page);
    expect(await stepsOnServer(scene.admin, caseId)).toEqual(['survey', 'township-opinion', 'notice', 're-investigation', 'township-opinion']);
    const stored = (await serverRecords(scene.admin, 'case')).find((r) => r.id === caseId);
    expect(stored?.fields).toMatchObject({ programme: 'dibao', acceptedOn: today, closeRelative: false });

    // The county returns the case with what is missing and a comment.
    // The county office's own device (Api.login's device id is the administrator's).
    const login = await new Api(server.url).call<{ token: string }>('POST', '/api/auth/login', { username: 'county-zhao', password: 'county-pass-789', deviceId: 'e2e-county-device', deviceName: 'e2e county' });
    const county = new Api(server.url, login.token);
    const me = await county.call<{ user: { id: string } }>('GET', '/api/auth/me');
    // The county's step comes after the worker's (the history is in recorded order).
    const ret = {
      id: crypto.randomUUID(), caseId, kind: 'county-decision', who: { userId: me.user.id, name: '赵科长', role: 'supervisor' }, when: new Date(Date.now() + 1000).toISOString(),
      payload: { outcome: 'return', missing: '缺少车辆处置证明', comment: '请补充后重报' },
    };
    const res = await county.call<{ results: { status: string; code?: string }[] }>('POST', '/api/county/case-steps', { steps: [ret] });
    expect(res.results).toEqual([expect.objectContaining({ status: 'applied' })]);
    await syncNow(page);

    // 我的案件: the return and its comment where the worker looks.
    await page.getByRole('link', { name: '返回我的案件' }).click();
    const list = page.getByRole('table', { name: '案件列表' });
    const row = list.getByRole('row').filter({ hasText: '赵桂兰' });
    await expect.poll(() => row.getByRole('note').textContent(), { timeout: 30_000 }).toBe('县级退回：缺少车辆处置证明县级意见：请补充后重报');
    await row.getByRole('link', { name: '赵桂兰' }).click();
    await page.getByRole('heading', { name: '赵桂兰的案件' }).waitFor();
    expect(await page.getByRole('note').textContent()).toContain('县级意见：请补充后重报');
    await expect.poll(() => history.getByRole('row').filter({ hasText: '赵科长（县级）' }).textContent()).toContain('退回乡镇：缺少车辆处置证明');

    // The worker completes the township's part again: re-investigation, opinion, notice without objections.
    await reinvestigateAndProposeAgain(page, '补充车辆处置证明', '650');
    const notice2 = await openStep(page, '公示');
    await notice2.getByRole('button', { name: '记录' }).click();
    await saved(page);
    // The county decides next (CL8): neither an opinion nor a notice is offered again.
    await expect.poll(() => page.getByRole('button', { name: /^(乡镇审核意见|公示)$/ }).count()).toBe(0);
    await syncNow(page);
    expect(await stepsOnServer(scene.admin, caseId)).toEqual(['survey', 'township-opinion', 'notice', 're-investigation', 'township-opinion', 'county-decision', 're-investigation', 'township-opinion', 'notice']);
    const steps = (await serverRecords(scene.admin, 'caseStep')).filter((r) => r.fields.caseId === caseId);
    const worker = steps.filter((s) => (s.fields.who as { role: string }).role === 'worker');
    expect(worker).toHaveLength(8);
    const notices = steps.filter((s) => s.fields.kind === 'notice').map((s) => s.fields.payload as { objections: { who: string }[] });
    expect(notices.map((n) => n.objections.map((o) => o.who))).toEqual(expect.arrayContaining([['村民李某'], []]));
    // The surveys the steps cite arrived too, linked to the case.
    const surveys = (await serverRecords(scene.admin, 'survey')).filter((r) => r.fields.caseId === caseId);
    expect(surveys).toHaveLength(3);
    await context.close();
  });
});
