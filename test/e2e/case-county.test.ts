import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import cases from '../fixtures/eligibility-cases.json';
import type { PushResponse } from '../../src/shared/protocol/messages';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/protocol/version';
import { addDays, chinaDate } from '../../src/shared/rules/case/calendar-dates';
import { assessHousehold } from '../../src/shared/rules/eligibility';
import type { Household } from '../../src/shared/rules/eligibility/household-schema';
import { surveyToHousehold } from '../../src/shared/rules/survey-to-household';
import { CASE_STEP_FORM_VERSION } from '../../src/shared/schema/case-step';
import type { EligibilityPolicy } from '../../src/shared/schema/policy';
import { surveyCompleteSchema, SURVEY_FORM_VERSION } from '../../src/shared/schema/survey';
import { surveyFromHousehold } from '../helpers/survey-builders';
import { Api } from './support/api';
import { readPdf } from './support/pdf-text';
import { TOWNSHIP, type Scene } from './support/scene';
import type { RunningServer } from './support/server-process';
import { logInOnline } from './support/ui';
import { contextsClosedAfterAll, sceneInBrowser } from './support/scene-in-browser';
import { addCountySupervisor } from './support/county-supervisor';

/**
 * Issue 15, the county's web page end to end: cases pushed as a worker's tablet pushes them; the
 * supervisor opens the queue in Chromium, opens a case, returns it with a comment, later grants it; the
 * case is on the 公布 list; the 公示 list printed to PDF (Chromium's print-to-PDF, A4) holds the names
 * and amounts expected, and no ID number and no child-without-care case — read from the PDF's text.
 * Made-up people (household H1 of eligibility-cases.json under other names).
 */
const POLICY = cases.policy as EligibilityPolicy;
const H1 = cases.cases.find((c) => c.id === 'H1')!.household as unknown as Household;
const ID_NUMBER = '330106198503121231'; // H1's head: on every survey here

describe('the county decides a case on its web page and prints the notice lists [K10][K12][K16][K17]', () => {
  let server: RunningServer;
  let browser: Browser;
  let scene: Scene;
  sceneInBrowser((started) => ({ server, scene, browser } = started), { setUp: ({ scene }) => addCountySupervisor(scene) });
  const contexts = contextsClosedAfterAll();

  // The worker's tablet, as the sync client pushes: its own client id and sequence numbers.
  let tabletApi: Api;
  let workerId: string;
  const deviceId = `e2e-tablet-${randomUUID()}`;
  let seq = 0;
  const today = chinaDate(new Date());
  async function push(entity: string, id: string, fields: Record<string, unknown>, formVersion = 1) {
    seq += 1;
    const res = await tabletApi.call<PushResponse>('POST', '/api/sync/push', {
      protocol: PROTOCOL_VERSION, deviceId, changes: [{ seq, entity, id, baseVersion: 0, fields, formVersion, changedAt: new Date().toISOString() }],
    });
    expect(res.results[0], `${entity} ${id}`).toMatchObject({ status: 'applied' });
  }
  const step = (caseId: string, kind: string, payload: Record<string, unknown>) => {
    const id = `st-${randomUUID()}`;
    return push('caseStep', id, { id, caseId, kind, who: { userId: workerId, name: '王芳', role: 'worker' }, when: new Date().toISOString(), payload }, CASE_STEP_FORM_VERSION);
  };

  /** A case accepted ten days ago with a submitted survey whose applicant is `name`. */
  async function surveyedCase(name: string, programme = 'dibao'): Promise<string> {
    const caseId = `case-${randomUUID()}`;
    await push('case', caseId, { id: caseId, programme, householdId: `hh-${randomUUID()}`, acceptedOn: addDays(today, -10), closeRelative: false });
    const surveyId = `sv-${randomUUID()}`;
    const base = surveyFromHousehold(H1, today, caseId);
    const survey = { ...base, id: surveyId, members: base.members!.map((m, i) => (i === 0 ? { ...m, name } : m)) };
    const assessment = assessHousehold(surveyToHousehold(surveyCompleteSchema.parse(survey), today), POLICY);
    await push('survey', surveyId, { ...survey, assessment: { ...assessment, policyVersion: 1, assessedAt: new Date().toISOString() } }, SURVEY_FORM_VERSION);
    await step(caseId, 'survey', { surveyId, visitKind: 'new-application' });
    return caseId;
  }

  async function office(): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(server.url);
    return page;
  }

  it('queue → case → return with a comment → grant; on the 公布 list; the printed 公示 list shows names and amounts only', async () => {
    const login = await new Api(server.url).call<{ token: string; user: { id: string } }>('POST', '/api/auth/login', { username: scene.worker.username, password: scene.worker.password, deviceId });
    tabletApi = new Api(server.url, login.token);
    workerId = login.user.id;

    // 陈一: noticed last week without objection, awaiting the county.
    const chen = await surveyedCase('陈一');
    await step(chen, 'township-opinion', { proposal: 'grant', amount: 820 });
    await step(chen, 'notice', { start: addDays(today, -8), end: addDays(today, -2), objections: [] });
    // 刘二: on notice now (the 公示 list). 孙三: a child without de facto care — never published.
    const liu = await surveyedCase('刘二');
    await step(liu, 'township-opinion', { proposal: 'grant', amount: 640 });
    await step(liu, 'notice', { start: addDays(today, -2), end: addDays(today, 4), objections: [] });
    const sun = await surveyedCase('孙三', 'child-without-care');
    await step(sun, 'township-opinion', { proposal: 'grant', amount: 900 });

    // The supervisor opens the queue from the header.
    const page = await office();
    await logInOnline(page, 'zhaosup', 'super-pass-789');
    await page.getByRole('link', { name: '审核确认' }).click();
    const queue = page.getByRole('table', { name: '待审核确认的案件，期限最紧的在前' });
    await queue.waitFor({ timeout: 60_000 });
    const names = await queue.locator('tbody th').allTextContents();
    expect(names.sort()).toEqual(['孙三', '陈一'].sort());
    expect(await queue.innerText()).toContain('拟批准 820 元/月');
    // The dashboard below it (K14): by stage and programme, overdue by township, reviews due.
    const byStage = page.getByRole('table', { name: '各环节案件数' });
    await byStage.waitFor({ timeout: 30_000 });
    expect(await byStage.getByRole('row', { name: /^待审核确认/ }).locator('td').last().textContent()).toBe('2');
    expect(await byStage.getByRole('row', { name: /^待公示\/公示中/ }).locator('td').last().textContent()).toBe('1');
    expect(await page.getByRole('table', { name: '各乡镇超期案件' }).getByRole('row', { name: /清河镇/ }).locator('td').allTextContents()).toEqual(['0', '3']);
    expect(await page.getByText('本月没有到期的复核。').count()).toBe(1);
    // The county's own re-visit sample (K15): the default share 0.3, rounded up, of each programme's one case.
    await page.getByRole('button', { name: '抽取' }).click();
    await page.getByText(/从 2 件中抽取 2 件，随机种子：[0-9a-f]{16}/).waitFor({ timeout: 30_000 });

    // 陈一's case: the survey, both assessments, the notice, the history; return with what is missing.
    await page.getByRole('link', { name: '打开 陈一 的案件' }).click();
    await page.getByRole('heading', { name: '陈一 的案件' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('table', { name: '家庭成员' }).innerText()).toContain('3301**********1231');
    expect(await page.locator('main').innerText()).not.toContain(ID_NUMBER);
    await page.getByRole('table', { name: '平板预评估与服务器复算对照' }).waitFor();
    expect(await page.getByRole('table', { name: '办理记录，按到达服务器的顺序' }).locator('tbody tr').count()).toBe(3);
    await page.getByRole('radio', { name: '退回乡镇补充调查' }).check();
    await page.getByLabel('需要补充的内容').fill('缺少车辆处置证明');
    await page.getByLabel('给乡镇的意见（可选）').fill('请补充后重报');
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByText('已退回乡镇。').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByRole('table', { name: '办理记录，按到达服务器的顺序' }).locator('tbody tr').count()).toBe(4);
    expect(await page.getByText('本案当前不能审核确认').count()).toBe(1);

    // The tablet pulls the return with its comment, re-investigates, proposes again, notices again.
    const pullRes = await fetch(`${server.url}/api/sync/pull?since=0&limit=500`, { headers: { authorization: `Bearer ${login.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } });
    expect(pullRes.status).toBe(200);
    const pulled = (await pullRes.json()) as { records: { entity: string; fields: { caseId?: string; payload?: Record<string, unknown> } }[] };
    expect(pulled.records.find((r) => r.entity === 'caseStep' && r.fields.caseId === chen && r.fields.payload?.outcome === 'return')?.fields.payload).toEqual({
      outcome: 'return', missing: '缺少车辆处置证明', comment: '请补充后重报',
    });
    await step(chen, 're-investigation', { reason: '补充车辆处置证明' });
    await step(chen, 'township-opinion', { proposal: 'grant', amount: 780 });
    await step(chen, 'notice', { start: addDays(today, -7), end: addDays(today, -1), objections: [] });

    // Later: back in the queue, the supervisor opens it again and grants it (the amount proposed is filled in).
    await page.getByRole('link', { name: '返回待审核列表' }).click();
    await page.getByRole('link', { name: '打开 陈一 的案件' }).click();
    await page.getByRole('heading', { name: '陈一 的案件' }).waitFor({ timeout: 30_000 });
    await page.getByRole('radio', { name: '批准', exact: true }).check();
    expect(await page.getByLabel('保障金额（元/月）').inputValue()).toBe('780');
    await page.getByRole('button', { name: '提交决定' }).click();
    await page.getByText('已批准。').waitFor({ timeout: 30_000 });

    // Printed, the case page is its 审批表: no decision form, no menus; the ID number masked (K16).
    await page.emulateMedia({ media: 'print' });
    for (const hidden of [page.getByRole('button', { name: '打印审批表（A4）' }), page.getByRole('link', { name: '审核确认' }), page.getByRole('heading', { name: '审核确认' })]) {
      expect(await hidden.isVisible()).toBe(false);
    }
    expect(await page.getByText('社会救助审批表').isVisible()).toBe(true);
    const form = await readPdf(await page.pdf({ format: 'A4', preferCSSPageSize: true }));
    expect(form.size).toEqual([595, 842]);
    expect(form.text).toContain('780'); // the amount granted, in the history
    expect(form.text.replace(/\s+/g, '')).toContain('社会救助审批表');
    expect(form.text).not.toContain(ID_NUMBER);
    await page.emulateMedia({ media: 'screen' });

    // The 公布 list (recipients) holds 陈一 with the granted amount.
    await page.goto(`${server.url}/#/county-cases/list/recipients`);
    const recipients = page.getByRole('table', { name: '社会救助对象公布名单' });
    await recipients.waitFor({ timeout: 30_000 });
    expect(await recipients.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/陈一\s+4\s+780/)]);

    // The 公示 list, printed by Chromium to an A4 PDF: only the list prints (no header, menu or buttons).
    await page.goto(`${server.url}/#/county-cases/list/notice`);
    const notice = page.getByRole('table', { name: '社会救助公示名单' });
    await notice.waitFor({ timeout: 30_000 });
    await page.emulateMedia({ media: 'print' });
    for (const hidden of [page.getByRole('button', { name: '打印（A4）' }), page.getByRole('link', { name: '审核确认' })]) expect(await hidden.isVisible()).toBe(false);
    expect(await notice.locator('thead th').allInnerTexts()).toEqual(['村（社区）', '申请人', '家庭人口', '拟保障金额（元/月）']);
    expect(await notice.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^清河镇\s+刘二\s+4\s+640$/)]);
    const printed = await page.locator('main').innerText();
    for (const absent of ['孙三', '陈一', ID_NUMBER, '3301**********1231']) expect(printed).not.toContain(absent);

    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.byteLength).toBeGreaterThan(0);
    const { text, pages, size } = await readPdf(pdf);
    expect(pages).toBe(1);
    expect(size).toEqual([595, 842]); // A4 in points
    // 刘二's household size and proposed amount are printed; 孙三's 900 (a child without de facto care)
    // and 陈一's 780 (granted, no longer on notice) are not, nor any ID number, whole or masked.
    expect(text.replace(/\s+/g, '')).toContain('刘二4640');
    for (const absent of ['孙三', '陈一', '900', '780', ID_NUMBER, '**********', '330106']) expect(text).not.toContain(absent);
  });
});
