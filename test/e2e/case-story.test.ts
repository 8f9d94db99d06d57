import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import cases from '../fixtures/eligibility-cases.json';
import type { PushResponse } from '../../src/shared/protocol/messages';
import { PROTOCOL_VERSION } from '../../src/shared/protocol/version';
import { addDays, addMonths, chinaDate } from '../../src/shared/rules/case/calendar-dates';
import { assessHousehold } from '../../src/shared/rules/eligibility';
import type { Household } from '../../src/shared/rules/eligibility/household-schema';
import { surveyToHousehold } from '../../src/shared/rules/survey-to-household';
import { CASE_STEP_FORM_VERSION } from '../../src/shared/schema/case-step';
import { DIBAO_CASE_PARAMS } from '../../src/shared/schema/case-policy';
import type { EligibilityPolicy } from '../../src/shared/schema/policy';
import { surveyCompleteSchema, SURVEY_FORM_VERSION } from '../../src/shared/schema/survey';
import { surveyFromHousehold } from '../helpers/survey-builders';
import { Api } from './support/api';
import { goOffline, goOnline, waitForServiceWorker } from './support/browser';
import { madeUpIdNumber } from './support/ids';
import { readPdf } from './support/pdf-text';
import { COUNTY, type Scene } from './support/scene';
import type { RunningServer } from './support/server-process';
import { logInOnline, registerHousehold, waitForSyncText } from './support/ui';
import { sceneInBrowser } from './support/scene-in-browser';
import { openStep, recordNoticeWithObjection, reinvestigateAndProposeAgain, saved, syncNow } from './support/case-steps';

/**
 * Issue 15's "Done when", one scene in Chromium with two browser contexts: the township worker's tablet and
 * the county supervisor's web page. Offline the worker accepts a dibao case, surveys, proposes a grant,
 * records a 7-day notice with one objection, a re-investigation and a new opinion; online it syncs. The
 * supervisor prints the 公示 list (the case's new proposal is to be noticed again: CD22) — read from the
 * PDF's text: the applicant's name and amount, no ID number, no child-without-care case — and returns the
 * case with a comment on its page. The worker syncs, goes offline, sees the return with its comment,
 * re-investigates, proposes again and records the notice held since (ended yesterday, so the county may
 * decide: CD20), and syncs. The supervisor grants it from the queue; the case is on the 公布 list, and its
 * review month (first month paid + the policy's 12 months for a stable household, CD4) shows on the case
 * page and on the tablet's 我的案件. Made-up people.
 */
const exact = { exact: true } as const;
const POLICY = cases.policy as EligibilityPolicy;
const H1 = cases.cases.find((c) => c.id === 'H1')!.household as unknown as Household;
const CHILD_ID_NUMBER = '330106198503121231'; // H1's head: on the child-without-care case's survey
const ID_NUMBER = madeUpIdNumber(41); // 赵桂兰's, typed on the tablet

const group = (scope: Page | Locator, name: string) => scope.getByRole('group', { name, exact: true });
async function choose(scope: Page | Locator, label: string, option: string) {
  await scope.getByLabel(label, exact).selectOption({ label: option });
}

/** The survey's first three steps on the tablet, as survey-offline.test.ts fills them: where, who visited, the members. */
async function surveyHousehold(page: Page, members: { name: string; idNumber: string; relation?: string; labour: string; employment: string; school?: string }[]) {
  await page.getByText(/^第 1 步，共 9 步/).waitFor({ timeout: 30_000 });
  await group(page, '城乡类别').getByLabel('农村', exact).check();
  const registered = group(page, '户籍地');
  await registered.getByLabel('乡镇（街道）', exact).fill('清河镇');
  await registered.getByLabel('村/社区', exact).fill('东风村');
  await registered.getByLabel('村民小组', exact).fill('三组');
  await registered.getByLabel('详细地址', exact).fill('东风村三组 8 号（虚构）');
  await page.getByRole('button', { name: '与户籍地相同' }).click();
  await group(page, '已签署授权核对书').getByLabel('是', exact).check();
  await group(page, '已签署承诺书').getByLabel('是', exact).check();
  await group(page, '家庭成员是否为民政工作人员或村（居）委会成员的近亲属').getByLabel('否', exact).check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByText(/^第 2 步，共 9 步/).waitFor({ timeout: 30_000 });
  await group(page, '调查人员 1').getByLabel('姓名', exact).fill('张科员');
  await group(page, '调查人员 2').getByLabel('姓名', exact).fill('李主任');
  await choose(page, '调查方式', '入户走访');
  await page.getByLabel('居住及生活状况（衣、食、住、用）', exact).fill('砖混平房两间（虚构）');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByText(/^第 3 步，共 9 步/).waitFor({ timeout: 30_000 });
  for (const m of members) {
    await page.getByRole('button', { name: '添加成员' }).click();
    const editor = page.locator('fieldset.member-editor');
    await editor.getByLabel('姓名', exact).fill(m.name);
    await editor.getByLabel('身份证号', exact).fill(m.idNumber);
    await expect.poll(() => editor.getByText(/^由身份证号得出：/).count()).toBe(1);
    if (m.relation) await choose(editor, '与申请人关系', m.relation);
    await group(editor, '计入共同生活家庭成员').getByLabel('是', exact).check();
    await choose(editor, '健康状况', '健康');
    await choose(editor, '劳动能力', m.labour);
    await choose(editor, '就业状况', m.employment);
    if (m.school) await choose(editor, '学段', m.school);
    await page.getByRole('button', { name: '完成编辑', exact: true }).click();
  }
  await expect.poll(() => page.getByRole('status', { name: '自动保存' }).textContent(), { timeout: 10_000 }).toMatch(/^已自动保存/);
}

describe('issue 15 end to end: the tablet offline and the county’s web page, one case from application to review [K10][K12][K16][K17][K21][K23]', () => {
  let server: RunningServer;
  let browser: Browser;
  let scene: Scene;
  const contexts: BrowserContext[] = [];
  sceneInBrowser((started) => ({ server, scene, browser } = started), {
    worker: 'lihua',
    setUp: async ({ scene }) => {
      await scene.admin.call('POST', '/api/admin/users', { username: 'county-zhao', password: 'county-pass-789', role: 'supervisor', township: null, county: COUNTY, displayName: '赵科长' });
    },
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
  });

  /** A child-without-care case with a grant proposal, pushed as another tablet of the township pushes (never published: CL4, CD22). */
  async function childWithoutCareCase(today: string): Promise<void> {
    const deviceId = `e2e-tablet-${randomUUID()}`;
    const login = await new Api(server.url).call<{ token: string; user: { id: string } }>('POST', '/api/auth/login', { username: scene.worker.username, password: scene.worker.password, deviceId });
    const api = new Api(server.url, login.token);
    let seq = 0;
    const push = async (entity: string, id: string, fields: Record<string, unknown>, formVersion = 1) => {
      seq += 1;
      const res = await api.call<PushResponse>('POST', '/api/sync/push', {
        protocol: PROTOCOL_VERSION, deviceId, changes: [{ seq, entity, id, baseVersion: 0, fields, formVersion, changedAt: new Date().toISOString() }],
      });
      expect(res.results[0], `${entity} ${id}`).toMatchObject({ status: 'applied' });
    };
    const step = (caseId: string, kind: string, payload: Record<string, unknown>) => {
      const id = `st-${randomUUID()}`;
      return push('caseStep', id, { id, caseId, kind, who: { userId: login.user.id, name: '李华', role: 'worker' }, when: new Date().toISOString(), payload }, CASE_STEP_FORM_VERSION);
    };
    const caseId = `case-${randomUUID()}`;
    await push('case', caseId, { id: caseId, programme: 'child-without-care', householdId: `hh-${randomUUID()}`, acceptedOn: addDays(today, -10), closeRelative: false });
    const surveyId = `sv-${randomUUID()}`;
    const base = surveyFromHousehold(H1, today, caseId);
    const survey = { ...base, id: surveyId, members: base.members!.map((m, i) => (i === 0 ? { ...m, name: '孙三' } : m)) };
    const assessment = assessHousehold(surveyToHousehold(surveyCompleteSchema.parse(survey), today), POLICY);
    await push('survey', surveyId, { ...survey, assessment: { ...assessment, policyVersion: 1, assessedAt: new Date().toISOString() } }, SURVEY_FORM_VERSION);
    await step(caseId, 'survey', { surveyId, visitKind: 'new-application' });
    await step(caseId, 'township-opinion', { proposal: 'grant', amount: 900 });
  }

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(server.url);
    return { context, page };
  }

  it('accept → survey → proposal → notice with an objection → re-investigation → return → completed → granted → 公布, review month; the printed 公示 list', async () => {
    const today = chinaDate(new Date());
    await childWithoutCareCase(today);

    // ——— The worker's tablet, offline ———
    const { context: tablet, page: worker } = await newPage();
    await waitForServiceWorker(worker);
    await logInOnline(worker, scene.worker.username, scene.worker.password);
    await waitForSyncText(worker, /已同步/); // the calendar and the case policy arrive as reference data
    await goOffline(tablet, server.url);
    await waitForSyncText(worker, /离线/);
    await registerHousehold(worker, { idNumber: ID_NUMBER, name: '赵桂兰', members: 3, village: '东风村' });

    await worker.getByRole('link', { name: '我的案件' }).click();
    await worker.getByRole('link', { name: '受理新案件' }).click();
    await worker.getByLabel('申请家庭', exact).selectOption({ label: '赵桂兰（家庭记录）' });
    await worker.getByLabel('救助类别', exact).selectOption({ label: '低保' });
    await worker.getByRole('button', { name: '保存', exact: true }).click();
    await worker.getByRole('heading', { name: '赵桂兰的案件' }).waitFor({ timeout: 30_000 });
    const caseId = decodeURIComponent(new URL(worker.url()).hash.replace('#/cases/', ''));

    await worker.getByRole('button', { name: '开始入户调查' }).click();
    await saved(worker, /^本案没有上次的调查，调查从空白开始。/);
    await worker.getByRole('button', { name: '打开调查' }).click();
    await surveyHousehold(worker, [
      { name: '赵桂兰', idNumber: ID_NUMBER, labour: '有劳动能力', employment: '务农' },
      { name: '钱大山', idNumber: madeUpIdNumber(43, '19800611'), relation: '配偶', labour: '无劳动能力', employment: '未登记失业' },
      { name: '钱小雨', idNumber: madeUpIdNumber(44, '20150902'), relation: '子女', labour: '无劳动能力', employment: '在校学生', school: '小学' },
    ]);
    await worker.goBack();
    await worker.getByRole('heading', { name: '赵桂兰的案件' }).waitFor({ timeout: 30_000 });
    const opinion = await openStep(worker, '乡镇审核意见');
    await opinion.getByLabel('建议纳入', exact).check();
    await opinion.getByLabel('拟保障金额（元/月）', exact).fill('650');
    await opinion.getByRole('button', { name: '记录' }).click();
    await saved(worker);
    const notice = await openStep(worker, '公示');
    expect(await notice.getByLabel('公示结束日期', exact).inputValue()).toBe(addDays(today, 6)); // 7 days, both ends counted (CD3)
    await recordNoticeWithObjection(worker, notice);
    await reinvestigateAndProposeAgain(worker, '核实营运车辆', '600');
    const history = worker.getByRole('table', { name: '办理记录列表' });
    await expect.poll(() => history.getByRole('rowheader').allTextContents()).toEqual(['入户调查', '乡镇审核意见', '公示', '重新调查', '乡镇审核意见']);

    // ——— Online: the steps sync ———
    await goOnline(tablet, server.url);
    await syncNow(worker);

    // ——— The supervisor's web page ———
    const { page: office } = await newPage();
    await logInOnline(office, 'county-zhao', 'county-pass-789');
    await office.getByRole('link', { name: '审核确认' }).click();
    const queue = office.getByRole('table', { name: '待审核确认的案件，期限最紧的在前' });
    await queue.waitFor({ timeout: 60_000 });
    // The new grant proposal is still the township's (to be noticed again, CD20): only the child-without-care case awaits.
    expect(await queue.locator('tbody th').allTextContents()).toEqual(['孙三']);

    // The 公示 list holds 赵桂兰's new proposal; printed to A4, read back from the PDF's text.
    await office.goto(`${server.url}/#/county-cases/list/notice`);
    const noticeList = office.getByRole('table', { name: '社会救助公示名单' });
    await noticeList.waitFor({ timeout: 30_000 });
    expect(await noticeList.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/赵桂兰\s+3\s+600$/)]);
    await office.emulateMedia({ media: 'print' });
    const { text, pages } = await readPdf(await office.pdf({ format: 'A4', preferCSSPageSize: true }));
    await office.emulateMedia({ media: 'screen' });
    expect(pages).toBe(1);
    expect(text.replace(/\s+/g, '')).toContain('赵桂兰3600');
    for (const absent of ['孙三', '900', ID_NUMBER, CHILD_ID_NUMBER, '**********', '330106']) expect(text).not.toContain(absent);

    // The supervisor finds the case among all open cases (the township still holds it) and returns it on
    // its page with what is missing and a comment.
    await office.getByRole('link', { name: '审核确认' }).click();
    await office.getByLabel('显示').selectOption({ label: '全部在办案件' });
    await office.getByRole('button', { name: '筛选' }).click();
    const open = office.getByRole('table', { name: '全部在办案件，期限最紧的在前' });
    await open.waitFor({ timeout: 30_000 });
    expect((await open.locator('tbody th').allTextContents()).sort()).toEqual(['孙三', '赵桂兰'].sort());
    await open.getByRole('link', { name: /赵桂兰/ }).click();
    await office.getByRole('heading', { name: '赵桂兰 的案件' }).waitFor({ timeout: 30_000 });
    await office.getByRole('radio', { name: '退回乡镇补充调查' }).check();
    await office.getByLabel('需要补充的内容').fill('缺少车辆处置证明');
    await office.getByLabel('给乡镇的意见（可选）').fill('请补充后重报');
    await office.getByRole('button', { name: '提交决定' }).click();
    await office.getByText('已退回乡镇。').waitFor({ timeout: 30_000 });

    // ——— The worker syncs, then offline sees the return and its comment ———
    await syncNow(worker);
    await goOffline(tablet, server.url);
    await waitForSyncText(worker, /离线/);
    await worker.getByRole('link', { name: '返回我的案件' }).click();
    const list = worker.getByRole('table', { name: '案件列表' });
    const row = list.getByRole('row').filter({ hasText: '赵桂兰' });
    await expect.poll(() => row.getByRole('note').textContent(), { timeout: 30_000 }).toBe('县级退回：缺少车辆处置证明县级意见：请补充后重报');
    await row.getByRole('link', { name: '赵桂兰' }).click();
    await worker.getByRole('heading', { name: '赵桂兰的案件' }).waitFor();
    expect(await worker.getByRole('note').textContent()).toContain('县级意见：请补充后重报');

    // The worker completes the township's part (CL7): re-investigation, new opinion, and the notice held
    // again — recorded once it has hung its 7 days (it ended yesterday), so the county may decide (CD20).
    await reinvestigateAndProposeAgain(worker, '补充车辆处置证明', '650');
    const notice2 = await openStep(worker, '公示');
    await notice2.getByLabel('公示开始日期', exact).fill(addDays(today, -7));
    expect(await notice2.getByLabel('公示结束日期', exact).inputValue()).toBe(addDays(today, -1));
    await notice2.getByRole('button', { name: '记录' }).click();
    await saved(worker);
    await goOnline(tablet, server.url);
    await syncNow(worker);

    // ——— The supervisor grants it from the queue ———
    await office.goto(`${server.url}/#/county-cases`);
    await queue.waitFor({ timeout: 30_000 });
    await office.getByRole('link', { name: '打开 赵桂兰 的案件' }).click();
    await office.getByRole('heading', { name: '赵桂兰 的案件' }).waitFor({ timeout: 30_000 });
    await office.getByRole('radio', { name: '批准', exact: true }).check();
    expect(await office.getByLabel('保障金额（元/月）').inputValue()).toBe('650');
    // The first month paid is the month after the decision in China (CV2), by the server's clock.
    const firstMonth = addMonths(chinaDate(new Date()), 1);
    expect(await office.getByText(/^自 \d{4}-\d{2} 起发放/).textContent()).toBe(`自 ${firstMonth} 起发放（决定的次月）`);
    await office.getByRole('radio', { name: '每 12 个月（家庭情况稳定）' }).check();
    await office.getByRole('button', { name: '提交决定' }).click();
    await office.getByText('已批准。').waitFor({ timeout: 30_000 });

    // CD4: the review falls due in the first month paid + the policy's interval for a stable household.
    const dueMonth = addMonths(firstMonth, DIBAO_CASE_PARAMS.reviewMonthsStable);
    await expect.poll(() => office.locator('article').first().innerText(), { timeout: 30_000 }).toContain(`${dueMonth} 复核`);

    // The 公布 list holds 赵桂兰 with the amount granted.
    await office.goto(`${server.url}/#/county-cases/list/recipients`);
    const recipients = office.getByRole('table', { name: '社会救助对象公布名单' });
    await recipients.waitFor({ timeout: 30_000 });
    expect(await recipients.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/赵桂兰\s+3\s+650$/)]);

    // The worker's tablet, after a sync: in payment, with its review month; not yet due this month.
    await syncNow(worker);
    await worker.getByRole('link', { name: '返回我的案件' }).click();
    const paid = worker.getByRole('table', { name: '案件列表' }).getByRole('row').filter({ hasText: '赵桂兰' });
    await expect.poll(() => paid.innerText(), { timeout: 30_000 }).toContain(`${dueMonth} 复核`);
    expect(await worker.getByText('本月没有到期的复核。').count()).toBe(1);
  });
});
