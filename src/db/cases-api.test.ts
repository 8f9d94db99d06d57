import { describe, expect, it } from 'vitest';
import { seedWorkCalendar, packageCalendarYears } from '../../sync-server/src/reference/seed-work-calendar';
import { createCase, pushStep, stepFields } from '../../sync-server/test/case-fixtures';
import { clientRig } from '../../test/helpers/client-rig';
import { ManualClock } from '../../test/helpers/manual-env';

/**
 * session.cases (issue 15, 我的案件): cases and steps another tablet of the township pushed arrive on this
 * tablet and are listed with their step and working days left, counted with the session's clock and the
 * pulled calendar; a case whose year the calendar lacks says so (WD5) and sorts first.
 */
describe('session.cases.overview', () => {
  it('lists the pulled cases by deadline with the step and the working days left', async () => {
    // Mon 22 Jun 2026, 10:00 China time.
    const rig = await clientRig({ clock: new ManualClock(Date.parse('2026-06-22T02:00:00.000Z')) });
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    await seedWorkCalendar(rig.server.store, '2026-06-20T08:00:00.000Z', packageCalendarYears().filter((y) => y.year === 2026));
    const other = await rig.server.session({ username: 'wang' });
    const opinion = stepFields(other, 'case-0000-0001', 'survey', { surveyId: 'survey-0001', visitKind: 'new-application' });
    const changes = [
      createCase(1, 'case-0000-0001'), // accepted Mon 1 Jun 2026: decision due 14 Jul (30 working days)
      createCase(2, 'case-0000-0002', { acceptedOn: '2026-06-18' }), // no survey yet: 3 working days, Fri 19 Jun a holiday: due Wed 24 Jun
      createCase(3, 'case-0000-0003', { acceptedOn: '2025-12-30' }), // needs 2025, which the calendar lacks
      { ...pushStep(0, opinion), seq: 4 },
    ];
    const res = await rig.server.push(other, changes);
    expect(res.statusCode, res.body).toBe(200);

    const tablet = await rig.client.loginOnline('li', 'pw-li');
    await tablet.sync.syncNow();
    const o = await tablet.cases.overview();
    expect(o.today).toBe('2026-06-22');
    expect(o.cases.map((c) => c.id)).toEqual(['case-0000-0003', 'case-0000-0002', 'case-0000-0001']);
    expect(o.cases[0]!.summary.deadline).toEqual({ kind: 'calendar-missing', year: 2025 });
    expect(o.cases[1]!.summary.deadline).toMatchObject({ kind: 'survey-start', due: '2026-06-24', daysLeft: 2, overdue: false });
    expect(o.cases[2]!.summary.deadline).toMatchObject({ kind: 'decision', due: '2026-07-14', overdue: false });
    expect(o.cases[2]!.summary.lastStep?.kind).toBe('survey');
    expect(o.cases[2]!.householdName).toBeNull(); // the household record is not on this tablet
    expect(o.reviewsDue).toEqual([]);
    expect((await tablet.reference.list('calendar')).map((r) => r.id)).toEqual(['calendar-2026']);
    await rig.close();
  });
});
