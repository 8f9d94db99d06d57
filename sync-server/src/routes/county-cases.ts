import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  CASE_LIST_KINDS, type CountyCaseFileResponse, type CountyDashboardResponse, type CountyQueueResponse, type StepView,
} from '../../../src/shared/protocol/county-cases';
import { reviewsDue } from '../../../src/shared/rules/case/case-summary';
import { addMonths } from '../../../src/shared/rules/case/calendar-dates';
import { canFollowState } from '../../../src/shared/rules/case/transitions';
import { CASE_PROGRAMMES } from '../../../src/shared/schema/case';
import type { CaseStep } from '../../../src/shared/schema/case-step';
import { idSchema } from '../../../src/shared/schema/common';
import { caller, requireAuth } from '../auth/authenticate';
import { awaitingDecision } from '../cases/case-stage';
import { caseList, listTable } from '../cases/case-lists';
import { loadCountyCases, type CaseEntry } from '../cases/load-county-cases';
import { assessmentView, mismatchedFields, surveyView } from '../cases/survey-view';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { sendDownload } from '../reports/send-download';
import { caseFlagId } from '../sync/case-stale-flag';

const filterQuery = z.object({
  township: z.string().regex(/^\d{12}$/, 'division.code').optional(),
  programme: z.enum(CASE_PROGRAMMES).optional(),
});
const listQuery = filterQuery.extend({ format: z.enum(['json', 'xlsx']).default('json') });
/** K10: the queue (`awaiting`, the default) or every case still open (`open`): the county also finds a case the township still holds. */
const queueQuery = filterQuery.extend({ scope: z.enum(['awaiting', 'open']).default('awaiting') });

/** Whether the county could record this decision now (a probe through the transition rule, CL8/CL10). */
function mayRecord(e: CaseEntry, outcome: 'grant' | 'refuse' | 'return', firstMonth: string, today: string): boolean {
  if (!awaitingDecision(e.state, e.kase.programme, today) && outcome !== 'return') return false;
  const payload = outcome === 'grant' ? { outcome, amount: 1, firstMonth, reviewEvery: 'stable' } : outcome === 'refuse' ? { outcome, reason: 'x' } : { outcome, missing: 'x' };
  const probe = { id: 'probe-0000', caseId: e.kase.id, kind: 'county-decision', who: { userId: 'x', name: 'x', role: 'supervisor' }, when: '2000-01-01T00:00:00Z', payload } as CaseStep;
  return canFollowState({ case: e.kase, params: e.params }, e.state, probe).ok;
}

/**
 * The county's case pages (issue 15, SPEC K10–K17), online: the queue of cases awaiting decision, the
 * dashboard, one case's file, and the printable lists. A supervisor reads its county; an administrator
 * may read every case (it never decides: county-cases-decide.ts); a worker uses the tablet.
 */
export function countyCaseRoutes(app: FastifyInstance, ctx: AppContext): void {
  const readers = requireAuth(ctx, ['supervisor', 'admin']);

  // [K10] Awaiting decision, oldest deadline first.
  app.get('/api/county/cases', { preHandler: readers }, async (request): Promise<CountyQueueResponse> => {
    const { user } = caller(request);
    const { scope, ...filter } = queueQuery.parse(request.query);
    const all = await loadCountyCases(ctx, user, filter);
    const shown = (e: CaseEntry) => (scope === 'open' ? e.row.phase !== 'closed' : awaitingDecision(e.state, e.kase.programme, all.today));
    return {
      today: all.today,
      cases: all.entries.filter(shown).map((e) => e.row),
      townships: all.townships,
    };
  });

  // [K14] Cases by stage and programme, overdue by township, reviews due this month.
  app.get('/api/county/cases/dashboard', { preHandler: readers }, async (request): Promise<CountyDashboardResponse> => {
    const { user } = caller(request);
    const filter = filterQuery.parse(request.query);
    const all = await loadCountyCases(ctx, user, filter);
    const month = all.today.slice(0, 7);
    const byStage = new Map<string, { stage: CaseDashboardStage; programme: (typeof CASE_PROGRAMMES)[number]; count: number }>();
    const byTownship = new Map<string, { township: string; townshipName: string | null; overdue: number; open: number }>();
    for (const { row } of all.entries) {
      const k = `${row.stage}\u0000${row.programme}`;
      const s = byStage.get(k) ?? { stage: row.stage, programme: row.programme, count: 0 };
      s.count += 1;
      byStage.set(k, s);
      if (row.phase === 'closed') continue;
      const t = byTownship.get(row.township) ?? { township: row.township, townshipName: row.townshipName, overdue: 0, open: 0 };
      t.open += 1;
      const d = row.deadline;
      if ((d.kind === 'review' || d.kind === 'decision' || d.kind === 'survey-start' || d.kind === 'notice-end') && d.overdue) t.overdue += 1;
      byTownship.set(row.township, t);
    }
    const due = new Set(reviewsDue(all.entries.map((e) => e.summary), month).map((s) => s.caseId));
    return {
      today: all.today,
      month,
      byStage: [...byStage.values()],
      overdueByTownship: [...byTownship.values()].sort((a, b) => b.overdue - a.overdue || a.township.localeCompare(b.township)),
      reviewsDue: all.entries.filter((e) => due.has(e.kase.id)).map((e) => e.row),
    };
  });

  // [K16][K17] The printable lists, as JSON for the print page or as XLSX.
  app.get('/api/county/cases/lists/:kind', { preHandler: readers }, async (request, reply) => {
    const { user, device } = caller(request);
    const { kind } = z.object({ kind: z.enum(CASE_LIST_KINDS) }).parse(request.params);
    const { format, ...filter } = listQuery.parse(request.query);
    const all = await loadCountyCases(ctx, user, filter);
    const list = caseList(kind, all.entries, all.today);
    // An export of personal data is audited: who, which list, how many rows — never a name (privacy.md §6).
    await ctx.store.appendAudit({
      at: ctx.clock().toISOString(), userId: user.id, deviceId: device.id, township: filter.township ?? user.township, action: 'caseList.export',
      entity: 'case', recordId: null, detail: { kind, format, rows: list.rows.length, ...(filter.programme ? { programme: filter.programme } : {}) },
    });
    if (format === 'json') return list;
    return sendDownload(reply, listTable(list), 'xlsx', { ascii: `case-${kind}-${all.today}`, chinese: `${list.title}-${all.today}` }, [['生成时间', ctx.clock().toISOString()]]);
  });

  // [K11] One case's file: survey, both pre-assessments, notices, every step with its stale mark.
  app.get('/api/county/cases/:id', { preHandler: readers }, async (request): Promise<CountyCaseFileResponse> => {
    const { user } = caller(request);
    const { id } = z.object({ id: idSchema }).parse(request.params);
    const kase = await ctx.store.getRecord('case', id);
    if (!kase || kase.deleted || kase.township === null) throw appError('CASE_UNKNOWN');
    // Only the case's township is loaded; a township outside the caller's area is OUT_OF_AREA.
    const all = await loadCountyCases(ctx, user, { township: kase.township });
    const e = all.entries.find((x) => x.kase.id === id);
    if (!e) throw appError('OUT_OF_AREA');
    const staleBy = new Map(e.stale.map((s) => [s.step.id, { rule: s.rule, reason: s.reason }]));
    const seqOf = new Map<string, number>();
    const files = await ctx.store.getRecords(e.steps.map((s) => ({ entity: 'caseStep', id: s.id })));
    for (const f of files) seqOf.set(f.id, f.serverSeq);
    const steps: StepView[] = e.steps.map((s) => ({
      id: s.id, kind: s.kind, who: s.who, when: s.when, payload: s.payload as Record<string, unknown>, ...(s.note ? { note: s.note } : {}),
      serverSeq: seqOf.get(s.id) ?? 0, stale: staleBy.get(s.id) ?? null,
    }));
    const flag = await ctx.store.getRecord('flag', caseFlagId(id));
    const tablet = e.survey ? assessmentView(e.survey.fields.assessment) : null;
    const server = e.survey ? assessmentView(e.survey.fields.serverAssessment) : null;
    const firstMonth = addMonths(all.today, 1);
    return {
      today: all.today,
      row: e.row,
      steps,
      flag: flag ? { id: flag.id, status: String(flag.fields.status) } : null,
      survey: e.survey ? surveyView(e.survey.id, e.survey.fields) : null,
      assessment: { tablet, server, mismatched: mismatchedFields(tablet, server) },
      mayDecide: {
        grant: user.role === 'supervisor' && mayRecord(e, 'grant', firstMonth, all.today),
        refuse: user.role === 'supervisor' && mayRecord(e, 'refuse', firstMonth, all.today),
        return: user.role === 'supervisor' && mayRecord(e, 'return', firstMonth, all.today),
      },
      firstMonthIfGranted: firstMonth,
      params: e.params,
    };
  });
}

type CaseDashboardStage = CountyDashboardResponse['byStage'][number]['stage'];
