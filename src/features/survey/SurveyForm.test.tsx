import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { h1Survey } from '../../../test/helpers/survey-fixtures';
import { SurveyFormPage } from './SurveyFormPage';
import { SurveyListPage } from './SurveyListPage';
import { fakeCompress, formReady, inRealSession } from '../../../test/helpers/survey-screen';

// Made-up ID numbers (id-number.md's examples), not real people.
const ID_1985_MALE = '330106198503121231';

beforeEach(() => localStorage.clear());

async function openSurvey(id = 'survey-test-0001') {
  const onCompleted = vi.fn();
  const r = await inRealSession(() => <SurveyFormPage id={id} onCompleted={onCompleted} compress={fakeCompress} />);
  await formReady();
  return { ...r, onCompleted, id };
}

const group = (name: string) => screen.getByRole('group', { name });
const next = (user: Awaited<ReturnType<typeof openSurvey>>['user']) => user.click(screen.getByRole('button', { name: '下一步' }));
const goToStep = (user: Awaited<ReturnType<typeof openSurvey>>['user'], label: string) =>
  user.click(within(screen.getByRole('navigation', { name: '调查步骤' })).getByRole('button', { name: label }));

describe('the survey form', { timeout: 30_000 }, () => {
  it('shows its progress and keeps every value when the worker moves between steps', async () => {
    const { user } = await openSurvey();
    expect(screen.getByRole('progressbar', { name: '填写进度' })).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('申请类型'), 'dibao');
    await user.click(within(group('城乡类别')).getByLabelText('农村'));
    await user.type(within(group('户籍地')).getByLabelText('乡镇（街道）'), '城关镇');
    await next(user);
    expect(screen.getByText('第 2 步，共 9 步：入户调查')).toBeTruthy();
    await user.type(within(group('调查人员 1')).getByLabelText('姓名'), '张科员');
    await goToStep(user, '5 财产');
    expect(screen.getByText('第 5 步，共 9 步：财产')).toBeTruthy();
    const amount = screen.getByLabelText('存款等金融资产合计（元）');
    expect(amount.getAttribute('inputmode')).toBe('decimal');
    await user.type(amount, '1200.50');
    await user.click(screen.getByRole('button', { name: '上一步' }));
    await user.click(screen.getByRole('button', { name: '上一步' }));
    await user.click(screen.getByRole('button', { name: '上一步' }));
    expect(within(group('调查人员 1')).getByLabelText<HTMLInputElement>('姓名').value).toBe('张科员');
    await goToStep(user, '1 案件信息');
    expect(screen.getByLabelText<HTMLSelectElement>('申请类型').value).toBe('dibao');
    expect(within(group('城乡类别')).getByLabelText<HTMLInputElement>('农村').checked).toBe(true);
    expect(within(group('户籍地')).getByLabelText<HTMLInputElement>('乡镇（街道）').value).toBe('城关镇');
    await goToStep(user, '5 财产');
    expect(screen.getByLabelText<HTMLInputElement>('存款等金融资产合计（元）').value).toBe('1200.5');
  });

  it('is in English when the worker chooses English', async () => {
    await inRealSession(() => <SurveyFormPage id="survey-en-0001" onCompleted={() => {}} compress={fakeCompress} />, { lang: 'en' });
    expect(await screen.findByText('Step 1 of 9: Case')).toBeTruthy();
    expect(screen.getByLabelText('Application type')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Urban or rural' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next' })).toBeTruthy();
  });

  it('members: add, edit, reorder and remove rows, each with its own id', async () => {
    const { user, session, id } = await openSurvey();
    await goToStep(user, '3 家庭成员');
    expect(screen.getByText('还没有成员。请逐一添加共同生活的家庭成员。')).toBeTruthy();
    for (const name of ['王建国', '李秀英', '王小明']) {
      await user.click(screen.getByRole('button', { name: '添加成员' }));
      await user.type(screen.getByLabelText('姓名'), name);
      await user.click(screen.getByRole('button', { name: '完成编辑' }));
    }
    const names = () => within(screen.getByRole('list', { name: '家庭成员' })).getAllByRole('listitem').map((li) => li.querySelector('.member-name')?.textContent);
    expect(names()).toEqual(['王建国', '李秀英', '王小明']);
    // The first member is the applicant ("self") unless the worker says otherwise.
    await user.click(screen.getByRole('button', { name: '编辑 王建国' }));
    expect(screen.getByLabelText<HTMLSelectElement>('与申请人关系').value).toBe('self');
    await user.click(screen.getByRole('button', { name: '完成编辑 王建国' }));

    // edit
    await user.click(screen.getByRole('button', { name: '编辑 李秀英' }));
    const name = screen.getByLabelText('姓名');
    await user.clear(name);
    await user.type(name, '李秀兰');
    await user.selectOptions(screen.getByLabelText('与申请人关系'), 'spouse');
    await user.click(screen.getByRole('button', { name: '完成编辑' }));
    expect(names()).toEqual(['王建国', '李秀兰', '王小明']);

    // reorder
    await user.click(screen.getByRole('button', { name: '上移 王小明' }));
    expect(names()).toEqual(['王建国', '王小明', '李秀兰']);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: '上移 王建国' }).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: '下移 王建国' }));
    expect(names()).toEqual(['王小明', '王建国', '李秀兰']);

    // remove, after a confirmation
    await user.click(screen.getByRole('button', { name: '删除 王小明' }));
    const confirm = screen.getByRole('alertdialog', { name: '确定删除 王小明 及其收入记录吗？' });
    await user.click(within(confirm).getByRole('button', { name: '删除' }));
    expect(names()).toEqual(['王建国', '李秀兰']);

    // The draft on the tablet has the same rows, in the same order, with ids made on the tablet.
    await waitFor(async () => {
      const d = await session.surveys!.get(id);
      expect(d?.members?.map((m) => [m.name, m.relation])).toEqual([
        ['王建国', 'self'],
        ['李秀兰', 'spouse'],
      ]);
    });
    const d = await session.surveys!.get(id);
    expect(d!.applicantMemberId).toBe(d!.members![0]!.id);
    expect(new Set(d!.members!.map((m) => m.id)).size).toBe(2);
  });

  it('checks each member’s ID number with its specific message, derives sex and birth date, and flags a mismatch', async () => {
    const { user } = await openSurvey();
    await goToStep(user, '3 家庭成员');
    await user.click(screen.getByRole('button', { name: '添加成员' }));
    const idInput = screen.getByLabelText('身份证号');
    await user.type(idInput, '330106198503121236');
    // Issue 13 item 8: the number does not check; re-read all of it (never "应为 1").
    expect(screen.getByText('号码未通过校验，可能有一位抄错。请对照身份证，逐位重新核对整个号码。')).toBeTruthy();
    expect(screen.queryByText(/应为 1/)).toBeNull();
    expect(idInput.getAttribute('aria-invalid')).toBe('true');
    await user.clear(idInput);
    await user.type(idInput, '520301200102294566');
    expect(screen.getByText('出生日期不存在')).toBeTruthy();
    await user.clear(idInput);
    await user.type(idInput, '12345');
    await user.tab();
    expect(screen.getByText('长度应为18位')).toBeTruthy();
    await user.clear(idInput);
    await user.type(idInput, ID_1985_MALE);
    expect(screen.getByText('由身份证号得出：男，1985-03-12 出生，41 岁')).toBeTruthy();
    expect(within(group('性别')).getByLabelText<HTMLInputElement>('男').checked).toBe(true);
    expect(screen.getByLabelText<HTMLInputElement>('出生日期').value).toBe('1985-03-12');
    await user.click(within(group('性别')).getByLabelText('女'));
    expect(screen.getByRole('alert').textContent).toBe('性别与身份证号不符');
  });

  it('autosaves the draft within a second of a change, and reopening returns to it at the same step', async () => {
    const { user, session, id, unmount, rig } = await openSurvey();
    await goToStep(user, '2 入户调查');
    await user.type(screen.getByLabelText('居住及生活状况（衣、食、住、用）'), '砖房两间');
    const typedAt = Date.now();
    await waitFor(async () => expect((await session.surveys!.get(id))?.livingConditions).toBe('砖房两间'), { timeout: 1000, interval: 50 });
    expect(Date.now() - typedAt).toBeLessThan(1000);
    await waitFor(() => expect(screen.getByRole('status', { name: '自动保存' }).textContent).toMatch(/^已自动保存 \d\d:\d\d$/));
    expect(await session.surveys!.currentDraft()).toBe(id);
    expect((await rig.server.records('survey')).length).toBe(0); // on the tablet only, until a sync

    unmount();
    const list = await inRealSessionAgain(session, rig);
    expect(await list.findByRole('button', { name: '继续填写未完成的调查' })).toBeTruthy();
    list.unmount();

    const again = await inRealSessionAgain(session, rig, <SurveyFormPage id={id} onCompleted={() => {}} compress={fakeCompress} />);
    expect(await again.findByText('第 2 步，共 9 步：入户调查')).toBeTruthy();
    expect(again.getByLabelText<HTMLTextAreaElement>('居住及生活状况（衣、食、住、用）').value).toBe('砖房两间');
  });

  it('saves at once when the app goes to the background', async () => {
    const { user, session, id } = await openSurvey();
    await goToStep(user, '2 入户调查');
    const box = screen.getByLabelText('居住及生活状况（衣、食、住、用）');
    await user.type(box, '土坯房');
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    await waitFor(async () => expect((await session.surveys!.get(id))?.livingConditions).toBe('土坯房'), { timeout: 400, interval: 20 });
  });

  it('[O5] a new survey\'s first autosave goes with the word that it is new (issue 18); every later save of it is an edit, without it', async () => {
    const { user, session, id } = await openSurvey();
    const saveDraft = vi.spyOn(session.surveys!, 'saveDraft');
    await goToStep(user, '2 入户调查');
    const box = screen.getByLabelText('居住及生活状况（衣、食、住、用）');
    await user.type(box, '砖房');
    await waitFor(async () => expect((await session.surveys!.get(id))?.livingConditions).toBe('砖房'));
    await user.type(box, '两间');
    await waitFor(async () => expect((await session.surveys!.get(id))?.livingConditions).toBe('砖房两间'));
    const words = saveDraft.mock.calls.map((c) => c[1]?.newRecord ?? false);
    expect(words.length).toBeGreaterThanOrEqual(2);
    expect(words).toEqual([true, ...words.slice(1).map(() => false)]);
    // One survey, one change per save, the later ones edits of the first.
    expect((await session.db.records.get(id))!.rev).toBe(words.length);
    const changes = await session.db.outbox.where('id').equals(id).sortBy('seq');
    expect(changes).toHaveLength(words.length);
    expect(changes.at(-1)!.changed).toEqual(['livingConditions']);
  });

  it('[O5] a survey opened from its stored draft never goes with the word: its saves are edits', async () => {
    const id = 'survey-stored-0001';
    const { user, session } = await inRealSession(() => <SurveyFormPage id={id} onCompleted={() => {}} compress={fakeCompress} />, {
      setup: (s) => s.surveys.saveDraft({ id, caseId: 'case-stored-0001', livingConditions: '砖房' }),
    });
    await formReady();
    const saveDraft = vi.spyOn(session.surveys!, 'saveDraft');
    await goToStep(user, '2 入户调查');
    await user.type(screen.getByLabelText('居住及生活状况（衣、食、住、用）'), '两间');
    await waitFor(async () => expect((await session.surveys!.get(id))?.livingConditions).toBe('砖房两间'));
    expect(saveDraft).toHaveBeenCalled();
    expect(saveDraft.mock.calls.map((c) => c[1]?.newRecord ?? false)).not.toContain(true);
  });

  it('completing refuses missing mandatory fields with a specific message for each, and keeps the draft', async () => {
    const { user, session, id, onCompleted } = await openSurvey();
    await user.selectOptions(screen.getByLabelText('申请类型'), 'dibao');
    await goToStep(user, '9 核对并完成');
    await user.click(screen.getByRole('button', { name: '完成调查并评估' }));
    const problems = await screen.findByRole('list', { name: '需要更正的项目' });
    const text = within(problems).getAllByRole('listitem').map((li) => li.querySelector('span')!.textContent);
    expect(text).toEqual(
      expect.arrayContaining([
        '案件信息 · 调查类型：必填',
        '案件信息 · 城乡类别：必填',
        '案件信息 · 已签署授权核对书：必填',
        '入户调查 · 姓名（调查人员 1）：必填',
        '入户调查 · 调查方式：必填',
        '家庭成员：至少填写 1 名家庭成员',
        '案件信息 · 户籍地 · 乡镇（街道）：必填',
        '案件信息 · 经常居住地 · 详细地址：必填',
        '财产 · 存款等金融资产合计（元）：必填',
      ]),
    );
    expect(text).not.toContain('案件信息 · 申请类型：必填');
    expect(onCompleted).not.toHaveBeenCalled();
    expect((await session.surveys!.get(id))?.stage).toBe('draft');

    // Each problem leads to its step, where the field carries the message.
    await user.click(within(problems).getAllByRole('button', { name: '前往“5 财产”' })[0]!);
    const amount = screen.getByLabelText('存款等金融资产合计（元）');
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(amount.getAttribute('aria-describedby')!)!.textContent).toBe('必填');
    await user.type(amount, '12a');
    expect(await screen.findByText('请输入数字')).toBeTruthy();
    // The draft keeps everything else; "12a" is no amount, so it is not saved as one.
    await waitFor(() => expect(screen.getByRole('status', { name: '自动保存' }).textContent).toMatch(/^已自动保存/));
  });

  it('a complete draft (case H1) completes from the review step, pre-assessed with the township policy', async () => {
    const survey = h1Survey('survey-h1-form');
    const onCompleted = vi.fn();
    // Saved before the form opens: as if typed on an earlier visit.
    const { user, session } = await inRealSession(() => <SurveyFormPage id={survey.id} onCompleted={onCompleted} compress={fakeCompress} />, {
      setup: (s) => s.surveys.saveDraft({ ...survey, stage: 'draft' }),
    });
    await formReady();
    await goToStep(user, '9 核对并完成');
    expect(screen.getByText('将使用评估政策第 3 版（示例市民政局〔2026〕1 号（虚构））。')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '完成调查并评估' }));
    await waitFor(() => expect(onCompleted).toHaveBeenCalledWith(survey.id));
    expect(await session.surveys!.get(survey.id)).toMatchObject({ stage: 'submitted', assessment: { household: 'dibao', perCapitaIncome: 400, householdBenefit: 800, policyVersion: 3 } });
    expect(await session.surveys!.currentDraft()).toBeNull();
  });

  it('photos: compressed, size shown before saving, stored as a sealed blob and named in the survey', async () => {
    const { user, session, id } = await openSurvey();
    await goToStep(user, '8 照片');
    await user.selectOptions(screen.getByLabelText('照片类型'), 'authorisation');
    const input = screen.getByLabelText<HTMLInputElement>('拍照或选择文件');
    expect(input.getAttribute('capture')).toBe('environment');
    const file = new File([new Uint8Array(3000).fill(7)], 'auth.jpg', { type: 'image/jpeg' });
    await user.upload(input, file);
    expect(await screen.findByText('原始大小 3 KB，压缩后 1000 B')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '保存照片' }));
    expect(await screen.findByText('授权核对书，1000 B')).toBeTruthy();
    await waitFor(async () => {
      const d = await session.surveys!.get(id);
      expect(d?.attachments).toEqual([{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), kind: 'authorisation', size: 1000, contentType: 'image/jpeg' }]);
      expect(d?.authorisation?.evidence).toBe(d?.attachments?.[0]?.sha256);
    });
    const sha = (await session.surveys!.get(id))!.attachments![0]!.sha256;
    expect((await session.attachments!.get(sha))?.bytes.length).toBe(1000);
    await goToStep(user, '1 案件信息');
    expect(screen.getByText('授权核对书照片：已拍摄（1000 B）')).toBeTruthy();
  });
});

/** Renders another screen on the same tablet session (as after a reload and an unlock). */
async function inRealSessionAgain(session: Awaited<ReturnType<typeof inRealSession>>['session'], rig: Awaited<ReturnType<typeof inRealSession>>['rig'], ui?: React.ReactElement) {
  const { renderInSession } = await import('../../../test/helpers/screen-rig');
  const r = await renderInSession(ui ?? <SurveyListPage onNew={() => {}} onOpen={() => {}} onResult={() => {}} />, { rig, session, now: rig.clock.now });
  return { ...within(r.container), unmount: r.unmount };
}

describe('finishing a survey lists every missing item at once (issue 13 item 5)', { timeout: 60_000 }, () => {
  it('base fields, the pledge evidence and a student’s school appear together on the first try', async () => {
    const base = h1Survey('survey-h1-missing');
    const { homeVisit, pledge, members, ...rest } = base as typeof base & { homeVisit: Record<string, unknown>; pledge: Record<string, unknown>; members: Record<string, unknown>[] };
    const draft = {
      ...rest,
      homeVisit: { ...homeVisit, method: undefined },
      pledge: { signed: true },
      members: members.map((m, i) => (i === 2 ? { ...m, employment: 'student', school: undefined } : m)),
      stage: 'draft',
    };
    const onCompleted = vi.fn();
    const { user } = await inRealSession(() => <SurveyFormPage id={draft.id} onCompleted={onCompleted} compress={fakeCompress} />, {
      setup: (s) => s.surveys.saveDraft(JSON.parse(JSON.stringify(draft))),
    });
    await formReady();
    await goToStep(user, '9 核对并完成');
    await user.click(screen.getByRole('button', { name: '完成调查并评估' }));
    const problems = await screen.findByRole('list', { name: '需要更正的项目' });
    const text = within(problems).getAllByRole('listitem').map((li) => li.querySelector('span')!.textContent);
    expect(text).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^入户调查 · 调查方式：/),
        expect.stringMatching(/^案件信息 · 承诺书照片：/),
        expect.stringMatching(/^家庭成员 · 学段（王小明）：|^家庭成员 · 就读学校（王小明）：/),
      ]),
    );
    expect(onCompleted).not.toHaveBeenCalled();

    // 前往 lands on the member and the field: 王小明's row opens and its 学段 takes focus.
    const school = within(problems).getAllByRole('listitem').find((li) => /王小明/.test(li.textContent ?? ''))!;
    await user.click(within(school).getByRole('button', { name: /^前往/ }));
    await waitFor(() => expect((document.activeElement as HTMLElement | null)?.id).toBe(screen.getByLabelText('学段').id));
    expect(screen.getByRole('group', { name: /王小明/ })).toBeTruthy();
  });

  it('计入共同生活家庭成员 has the same default (是) for every member added', async () => {
    const { user } = await openSurvey('survey-counted-defaults');
    await goToStep(user, '3 家庭成员');
    for (let i = 0; i < 3; i++) {
      await user.click(screen.getByRole('button', { name: '添加成员' }));
      const editor = document.querySelector('fieldset.member-editor') as HTMLElement;
      expect(within(within(editor).getByRole('group', { name: '计入共同生活家庭成员' })).getByLabelText<HTMLInputElement>('是').checked, `member ${i + 1}`).toBe(true);
    }
  });
});
