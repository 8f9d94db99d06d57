import { describe, expect, it } from 'vitest';
import { seedWorkCalendar, packageCalendarYears } from '../../sync-server/src/reference/seed-work-calendar';
import { createCase, pushStep, stepFields } from '../../sync-server/test/case-fixtures';
import { clientRig } from '../../test/helpers/client-rig';
import { currentDeadline } from '../shared/rules/case/deadlines';
import { foldSteps } from '../shared/rules/case/transitions';
import { buildWorkCalendar } from '../shared/rules/case/working-days';
import { caseParamsFor } from '../shared/schema/case-policy';
import type { CaseStep } from '../shared/schema/case-step';
import type { WorkCalendarYear } from '../shared/schema/work-calendar';

/**
 * SPEC K9: a tablet of this round (no new Dexie version) pulls its township's cases and steps like any
 * field record — sealed in `records`, listed nowhere yet — and the calendar like any reference data, so
 * a deadline can be computed offline from what it holds.
 */
describe('cases on the tablet', () => {
  it('[K9] pulls cases and steps sealed, and the calendar in `reference`; a deadline is computed from what it holds', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const years = packageCalendarYears().filter((y) => y.year >= 2025);
    await seedWorkCalendar(rig.server.store, '2026-06-20T08:00:00.000Z', years);
    // Another tablet of the township accepted a case and recorded its survey and opinion.
    const other = await rig.server.session({ username: 'wang' });
    const caseId = 'case-0000-0001';
    const steps = [
      stepFields(other, caseId, 'survey', { surveyId: 'survey-0001', visitKind: 'new-application' }),
      stepFields(other, caseId, 'township-opinion', { proposal: 'refuse', reason: '赡养人收入较高' }),
    ];
    const res = await rig.server.push(other, [createCase(1, caseId), ...steps.map((s, i) => ({ ...pushStep(0, s), seq: i + 2 }))]);
    expect(res.statusCode, res.body).toBe(200);

    const tablet = await rig.client.loginOnline('li', 'pw-li');
    await tablet.sync.syncNow();
    const rows = await tablet.db.records.where('entity').anyOf(['case', 'caseStep']).toArray();
    expect(rows.map((r) => r.entity).sort()).toEqual(['case', 'caseStep', 'caseStep']);
    const raw = JSON.stringify(rows, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Buffer.from(v.buffer).toString('latin1') : v));
    expect(raw).not.toContain('赡养人收入较高');
    expect(await tablet.households.list()).toEqual([]);

    // Read from the table itself: the session's reference API lists the relocation kinds only (next round widens it).
    const calendar = (await tablet.db.reference.where('entity').equals('calendar').toArray()).map((r) => r.fields as unknown as WorkCalendarYear);
    expect(calendar.map((y) => y.year).sort()).toEqual(years.map((y) => y.year));
    // The deadline of the case from what the tablet holds (accepted Mon 1 Jun 2026; 30 working days).
    const state = foldSteps({ case: { programme: 'dibao', closeRelative: false }, params: caseParamsFor(null, 'dibao') }, steps as unknown as CaseStep[]).state;
    const deadline = currentDeadline(buildWorkCalendar(calendar), { acceptedOn: '2026-06-01' }, state, caseParamsFor(null, 'dibao'), '2026-06-22');
    // 2026: Dragon Boat Festival Fri 19 Jun is a holiday; the 30th working day after 1 Jun is 14 Jul.
    expect(deadline).toMatchObject({ ok: true, deadline: { kind: 'decision', due: '2026-07-14', overdue: false } });
    await rig.close();
  });
});
