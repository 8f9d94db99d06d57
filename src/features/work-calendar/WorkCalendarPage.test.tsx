import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { packageCalendarYears, seedWorkCalendar } from '../../../sync-server/src/reference/seed-work-calendar';
import type { ClientRig } from '../../../test/helpers/client-rig';
import { renderInSession, screenRig } from '../../../test/helpers/screen-rig';
import { WorkCalendarPage } from './WorkCalendarPage';

/**
 * 工作日历 against the real calendar routes in process (sync-server/src/routes/admin-calendar.ts, SPEC K7):
 * the seeded years are listed, a year is corrected and a new one added, a bad day is caught before it
 * is sent, and what is saved is what tablets pull.
 */
let rig: ClientRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function renderPage(role: 'admin' | 'worker' = 'admin') {
  rig = await screenRig({ user: null, reference: false });
  const years = packageCalendarYears().filter((y) => y.year === 2025 || y.year === 2026);
  await seedWorkCalendar(rig.server.store, '2026-06-20T08:00:00.000Z', years);
  await rig.server.addUser({ username: 'cal-admin', password: 'admin-pass-1', role, township: role === 'admin' ? null : undefined });
  const session = await rig.client.loginOnline('cal-admin', 'admin-pass-1');
  return { ...(await renderInSession(<WorkCalendarPage />, { rig, session })), years };
}

describe('工作日历', () => {
  it('shows the latest seeded year with its source, and the 2025 National Day adjusted weekend days', async () => {
    const { user, years } = await renderPage();
    const latest = years.at(-1)!;
    expect(await screen.findByText(`节假日 ${latest.holidays.length} 天，调休上班 ${latest.workdays.length} 天。来源：软件包 chinese-days ${latest.sourceVersion}`)).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('年份'), '2025');
    const workdays = screen.getByRole('table', { name: '调休上班日（周末上班）' });
    const dates = within(workdays).getAllByLabelText(/调休上班日（周末上班）第 \d+ 行日期/).map((i) => (i as HTMLInputElement).value);
    expect(dates).toContain('2025-09-28');
    expect(dates).toContain('2025-10-11');
  });

  it('adds a new year as announced; a weekday listed as an adjusted working day is caught before sending', async () => {
    const { user } = await renderPage();
    await screen.findByLabelText('年份');
    await user.type(screen.getByLabelText('新增年份'), '2027');
    await user.click(screen.getByRole('button', { name: '新增该年' }));
    await user.click(screen.getByRole('button', { name: '添加节假日' }));
    await user.type(screen.getByLabelText('节假日第 1 行日期'), '2027-01-01');
    await user.type(screen.getByLabelText('节假日第 1 行名称'), '元旦');
    await user.click(screen.getByRole('button', { name: '添加调休上班日' }));
    // Wednesday: not a weekend day.
    await user.type(screen.getByLabelText('调休上班日（周末上班）第 1 行日期'), '2027-02-10');
    await user.type(screen.getByLabelText('调休上班日（周末上班）第 1 行名称'), '春节');
    await user.click(screen.getByRole('button', { name: '保存 2027 年日历' }));
    expect((await screen.findByRole('alert')).textContent).toContain('调休上班日应为周六或周日');
    expect(await rig!.server.store.getRecord('calendar', 'calendar-2027')).toBeNull();

    const date = screen.getByLabelText('调休上班日（周末上班）第 1 行日期');
    await user.clear(date);
    await user.type(date, '2027-02-13');
    await user.click(screen.getByRole('button', { name: '保存 2027 年日历' }));
    expect(await screen.findByText('已保存 2027 年日历。')).toBeTruthy();
    const stored = await rig!.server.store.getRecord('calendar', 'calendar-2027');
    expect(stored?.fields).toMatchObject({ year: 2027, source: 'admin', holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [{ date: '2027-02-13', name: '春节' }] });
    await waitFor(() => expect(screen.getByText('节假日 1 天，调休上班 1 天。来源：管理员录入')).toBeTruthy());
  });

  it('is for administrators only', async () => {
    await renderPage('worker');
    expect(screen.getByText('只有系统管理员可以维护工作日历。')).toBeTruthy();
  });
});
