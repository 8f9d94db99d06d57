import type { CaseListItem, CaseOverview } from './contracts';
import type { RecordCache } from './record-cache';
import type { UserDb } from './user-db';
import { chinaDate } from '../shared/rules/case/calendar-dates';
import { byDeadline, reviewsDue, summariseCase } from '../shared/rules/case/case-summary';
import { buildWorkCalendar } from '../shared/rules/case/working-days';
import type { CaseRecord } from '../shared/schema/case';
import { caseParamsFor, type CasePolicy } from '../shared/schema/case-policy';
import type { CaseStep } from '../shared/schema/case-step';
import type { WorkCalendarYear } from '../shared/schema/work-calendar';

interface CasesDeps {
  db: UserDb;
  cache: RecordCache;
  /** Throws LOCKED when the session is locked. */
  live: () => void;
  now: () => Date;
}

/**
 * 我的案件 on the tablet (issue 15), read-only: the township's cases and their steps as pulled (sealed in
 * `records`), summarised by the shared rules with the calendar and the county's case policy from
 * `reference`. "Today" is the session's clock in China time (WD1), never the device's Date here.
 */
export function createCasesApi(deps: CasesDeps) {
  return {
    async overview(): Promise<CaseOverview> {
      deps.live();
      const all = await deps.cache.all();
      // The server sends a worker only the township's cases (pull scope), so every case here is the township's.
      const cases = all.filter((c) => c.row.entity === 'case');
      const steps = new Map<string, CaseStep[]>();
      for (const c of all) {
        if (c.row.entity !== 'caseStep') continue;
        const s = c.fields as unknown as CaseStep;
        const list = steps.get(s.caseId) ?? [];
        list.push(s);
        steps.set(s.caseId, list);
      }
      const households = new Map(all.filter((c) => c.row.entity === 'household').map((c) => [c.row.id, c.fields as { head?: { name?: string } }]));
      const ref = await deps.db.reference.where('entity').anyOf(['calendar', 'casePolicy']).toArray();
      const calendar = buildWorkCalendar(ref.filter((r) => r.entity === 'calendar').map((r) => r.fields as unknown as WorkCalendarYear));
      // One county per tablet account: the first policy held (the server sends the account's county only).
      const policy = (ref.find((r) => r.entity === 'casePolicy')?.fields ?? null) as unknown as CasePolicy | null;
      const today = chinaDate(deps.now());
      const items = cases.map((c): CaseListItem => {
        const kase = c.fields as unknown as CaseRecord;
        // The tablet folds steps as recorded: by their time, then id for a stable order.
        const own = [...(steps.get(kase.id) ?? [])].sort((a, b) => (a.when < b.when ? -1 : a.when > b.when ? 1 : a.id < b.id ? -1 : 1));
        const summary = summariseCase({ kase, steps: own, params: caseParamsFor(policy, kase.programme), calendar, today });
        const head = households.get(kase.householdId)?.head?.name;
        return { id: kase.id, programme: kase.programme, householdId: kase.householdId, householdName: head ?? null, acceptedOn: kase.acceptedOn, summary };
      });
      items.sort((a, b) => byDeadline(a.summary, b.summary));
      const dueIds = new Set(reviewsDue(items.map((i) => i.summary), today.slice(0, 7)).map((s) => s.caseId));
      return { today, cases: items, reviewsDue: items.filter((i) => dueIds.has(i.id)) };
    },
  };
}
