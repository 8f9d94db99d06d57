import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { packageCalendarYears, seedWorkCalendar } from '../../../sync-server/src/reference/seed-work-calendar';
import { createCase, pushStep, stepFields } from '../../../sync-server/test/case-fixtures';
import type { ClientRig } from '../../../test/helpers/client-rig';
import { household } from '../../../test/helpers/household-fixtures';
import { ManualClock } from '../../../test/helpers/manual-env';
import { loginAndSync, renderInSession, screenRig } from '../../../test/helpers/screen-rig';
import { CasesPage } from './CasesPage';

/**
 * 我的案件 on the real client against the real server in process: cases another tablet of the township
 * pushed, pulled with the 2026 calendar, listed by deadline with the working days left on a fixed clock
 * (Mon 22 Jun 2026; Fri 19 Jun is the Dragon Boat holiday), overdue in words and class, a missing year named.
 */
let rig: ClientRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('我的案件', () => {
  it('lists the cases by deadline with the step and 还剩 / 已超期 N 个工作日 / 缺少 YYYY 年工作日历', async () => {
    rig = await screenRig({ clock: new ManualClock(Date.parse('2026-06-22T02:00:00.000Z')) });
    await seedWorkCalendar(rig.server.store, '2026-06-20T08:00:00.000Z', packageCalendarYears().filter((y) => y.year === 2026));
    const other = await rig.server.session({ username: 'zhao' });
    const survey = stepFields(other, 'case-0000-0001', 'survey', { surveyId: 'survey-0001', visitKind: 'new-application' });
    const res = await rig.server.push(other, [
      createCase(1, 'case-0000-0001', { programme: 'dibao' }), // surveyed: decision due Tue 14 Jul
      createCase(2, 'case-0000-0002', { programme: 'tekun', acceptedOn: '2026-06-01' }), // no survey: due Thu 4 Jun, overdue
      createCase(3, 'case-0000-0003', { acceptedOn: '2026-06-18' }), // no survey: due Wed 24 Jun (19 Jun a holiday)
      createCase(4, 'case-0000-0004', { programme: 'orphan', acceptedOn: '2025-12-30' }), // needs 2025, not on the tablet
      { ...pushStep(0, survey), seq: 5 },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const session = await loginAndSync(rig);
    await renderInSession(<CasesPage />, { rig, session });

    const table = await screen.findByRole('table', { name: '案件列表' });
    const rows = within(table).getAllByRole('row').slice(1); // the header row first
    const texts = rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(texts.map((t) => t[0])).toEqual(['孤儿', '特困供养', '低保', '低保']);
    expect(texts[0]![2]).toBe('缺少 2025 年工作日历');
    // 5–18 Jun and 22 Jun: 11 working days after the due date up to today (19 Jun a holiday).
    expect(texts[1]![2]).toMatch(/^已超期 11 个工作日/);
    expect(within(rows[1]!).getByText(/已超期 11 个工作日/).closest('.case-deadline')?.classList.contains('overdue')).toBe(true);
    expect(texts[2]![2]).toMatch(/^还剩 2 个工作日（开始调查，2026-06-24 前）/);
    expect(texts[3]![1]).toBe('入户调查');
    expect(texts[3]![2]).toMatch(/^还剩 16 个工作日（县级审批，2026-07-14 前）/);
    expect(within(rows[3]!).getByText(/还剩 16/).closest('.case-deadline')?.classList.contains('overdue')).toBe(false);
    // The household records are not on this tablet: the row header says so instead of a name.
    expect(within(rows[0]!).getByRole('rowheader').textContent).toBe('（家庭记录不在本平板）');
    expect(screen.getByRole('heading', { name: '本月到期复核' })).toBeTruthy();
    expect(screen.getByText('本月没有到期的复核。')).toBeTruthy();
  });

  it("shows the county's return with its comment, the household's name when it is here, and 本月到期复核", async () => {
    rig = await screenRig({ clock: new ManualClock(Date.parse('2026-06-22T02:00:00.000Z')) });
    await seedWorkCalendar(rig.server.store, '2026-06-20T08:00:00.000Z', packageCalendarYears().filter((y) => y.year >= 2025));
    const session = await loginAndSync(rig);
    // The household is registered on this tablet; its case comes from another tablet of the township.
    const { id: householdId } = await session.households.save(household({ head: { name: '张秀英', idNumber: '110101195001011239' } }));
    const other = await rig.server.session({ username: 'zhao' });
    const sup = await rig.server.session({ role: 'supervisor', township: null });
    const steps = (caseId: string, proposal: number, at: string) => [
      stepFields(other, caseId, 'survey', { surveyId: `survey-${caseId.slice(-4)}`, visitKind: 'new-application' }, { when: `${at}-05T09:00:00+08:00` }),
      stepFields(other, caseId, 'township-opinion', { proposal: 'grant', amount: proposal }, { when: `${at}-10T09:00:00+08:00` }),
    ];
    const returned = steps('case-0000-0011', 520, '2026-06');
    const orphan = steps('case-0000-0012', 1500, '2025-05');
    let res = await rig.server.push(other, [
      createCase(1, 'case-0000-0011', { householdId, acceptedOn: '2026-06-01' }),
      createCase(2, 'case-0000-0012', { programme: 'orphan', acceptedOn: '2025-05-01' }),
      ...[...returned, ...orphan].map((s, i) => ({ ...pushStep(0, s), seq: i + 3 })),
    ]);
    expect(res.statusCode, res.body).toBe(200);
    // The county returns the first case with a comment and grants the orphan (no notice, CL4) from June 2025: review due June 2026.
    const decisions = [
      stepFields(sup, 'case-0000-0011', 'county-decision', { outcome: 'return', missing: '缺少车辆处置证明', comment: '请补充后重报' }, { when: '2026-06-15T10:00:00+08:00' }),
      stepFields(sup, 'case-0000-0012', 'county-decision', { outcome: 'grant', amount: 1500, firstMonth: '2025-06', reviewEvery: 'stable' }, { when: '2025-05-20T10:00:00+08:00' }),
    ];
    res = await rig.server.inject('POST', '/api/county/case-steps', { session: sup, body: { steps: decisions } });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['applied', 'applied']);
    await session.sync.syncNow();
    await renderInSession(<CasesPage />, { rig, session });

    const table = await screen.findByRole('table', { name: '案件列表' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['张秀英', '（家庭记录不在本平板）']);
    const back = within(rows[0]!).getByRole('note');
    expect(back.textContent).toContain('县级退回：缺少车辆处置证明');
    expect(back.textContent).toContain('县级意见：请补充后重报');
    expect(within(rows[0]!).getAllByRole('cell')[1]!.textContent).toContain('县级决定');
    expect(within(rows[1]!).getAllByRole('cell')[2]!.textContent).toBe('2026-06 复核');
    const reviews = screen.getByRole('table', { name: '本月到期复核列表' });
    const due = within(reviews).getAllByRole('row').slice(1);
    expect(due.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(['孤儿']);
  });

  it('in English: one working day overdue, in the singular', async () => {
    rig = await screenRig({ clock: new ManualClock(Date.parse('2026-06-22T02:00:00.000Z')) });
    await seedWorkCalendar(rig.server.store, '2026-06-20T08:00:00.000Z', packageCalendarYears().filter((y) => y.year === 2026));
    const other = await rig.server.session({ username: 'zhao' });
    // Accepted Mon 15 Jun: the survey was due Thu 18 Jun; 19 Jun is a holiday, so Mon 22 Jun is one working day late.
    const res = await rig.server.push(other, [createCase(1, 'case-0000-0021', { acceptedOn: '2026-06-15' }), createCase(2, 'case-0000-0022', { acceptedOn: '2026-06-18' })]);
    expect(res.statusCode, res.body).toBe(200);
    await renderInSession(<CasesPage />, { rig, session: await loginAndSync(rig), lang: 'en' });
    const table = await screen.findByRole('table', { name: 'Cases' });
    const deadlines = within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[2]!.textContent);
    expect(deadlines).toEqual(['Overdue by 1 working day (start the survey, by 2026-06-18)', '2 working days left (start the survey, by 2026-06-24)']);
  });
});
