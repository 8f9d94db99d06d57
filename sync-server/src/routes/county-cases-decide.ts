import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Change } from '../../../src/shared/protocol/messages';
import type { RevisitSampleResponse } from '../../../src/shared/protocol/county-cases';
import { addMonths, chinaDate } from '../../../src/shared/rules/case/calendar-dates';
import { canFollow } from '../../../src/shared/rules/case/transitions';
import { caseRecordSchema } from '../../../src/shared/schema/case';
import { caseParamsFor, casePolicyId, casePolicySchema } from '../../../src/shared/schema/case-policy';
import { CASE_STEP_FORM_VERSION, caseStepSchema, REVIEW_CLASSES, type CaseStep } from '../../../src/shared/schema/case-step';
import { idSchema, money } from '../../../src/shared/schema/common';
import { caller, requireAuth } from '../auth/authenticate';
import { awaitingDecision } from '../cases/case-stage';
import { countyOf, loadCountyCases } from '../cases/load-county-cases';
import { revisitSample } from '../cases/revisit-sample';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { applyChange, type PushActor } from '../sync/apply-change';
import { sameAreaOf } from '../sync/same-area';
import { readableTownships } from '../sync/scope';

const text = (max: number) => z.string().trim().min(1).max(max);
const common = { stepId: idSchema, note: text(1000).optional() };
const decisionBody = z.discriminatedUnion('outcome', [
  z.object({ ...common, outcome: z.literal('grant'), amount: money.refine((v) => v > 0, 'amount.positive'), reviewEvery: z.enum(REVIEW_CLASSES) }).strict(),
  z.object({ ...common, outcome: z.literal('refuse'), reason: text(500) }).strict(),
  z.object({ ...common, outcome: z.literal('return'), missing: text(500), comment: text(1000).optional() }).strict(),
]);
const sampleBody = z
  .object({
    seed: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'seed.invalid').optional(),
    township: z.string().regex(/^\d{12}$/, 'division.code').optional(),
  })
  .strict();

/**
 * The county decides online (SPEC K12, K13, K15).
 * - POST /api/county/cases/:id/decision: a supervisor grants (amount, first month = the month after
 *   today in China, review class), refuses (reason) or returns (what is missing, a comment). The server
 *   writes the step — who and when are the account's and the server's clock — through the same checks
 *   as a tablet's push (applyChange, K2–K5). Unlike a tablet's late step, a decision that may not follow
 *   the case as it stands now is refused (CASE_STEP_CANNOT_FOLLOW): the page was stale, nothing is stored.
 *   An administrator is refused CASE_DECIDER_ONLY (separation of duties, K4), audited.
 * - POST /api/county/cases/revisit-sample: the county's own re-visit sample of the cases awaiting decision.
 */
export function countyCaseDecisionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/county/cases/:id/decision', { preHandler: requireAuth(ctx, ['supervisor', 'admin']) }, async (request) => {
    const { user, device } = caller(request);
    const { id } = z.object({ id: idSchema }).parse(request.params);
    const at = ctx.clock().toISOString();
    if (user.role !== 'supervisor') {
      await ctx.store.appendAudit({ at, userId: user.id, deviceId: device.id, township: null, action: 'caseDecision.denied', entity: 'case', recordId: id, detail: { code: 'CASE_DECIDER_ONLY', rule: 'K4' } });
      throw appError('CASE_DECIDER_ONLY');
    }
    const body = decisionBody.parse(request.body);
    const payload =
      body.outcome === 'grant'
        ? { outcome: 'grant', amount: body.amount, firstMonth: addMonths(chinaDate(at), 1), reviewEvery: body.reviewEvery }
        : body.outcome === 'refuse'
          ? { outcome: 'refuse', reason: body.reason }
          : { outcome: 'return', missing: body.missing, ...(body.comment ? { comment: body.comment } : {}) };
    const fields: Record<string, unknown> = {
      id: body.stepId, caseId: id, kind: 'county-decision', who: { userId: user.id, name: user.displayName, role: 'supervisor' }, when: at, payload,
      ...(body.note ? { note: body.note } : {}),
    };
    const kase = await ctx.store.getRecord('case', id);
    if (!kase || kase.deleted || kase.township === null) throw appError('CASE_UNKNOWN');
    const readable = await readableTownships(ctx.store, user);
    const sameArea = sameAreaOf(await ctx.store.listDivisions());
    if (readable !== null && !readable.some((t) => sameArea(t).has(kase.township!))) {
      await ctx.store.appendAudit({ at, userId: user.id, deviceId: device.id, township: kase.township, action: 'sync.denied', entity: 'caseStep', recordId: body.stepId, detail: { code: 'OUT_OF_AREA', county: true } });
      throw appError('OUT_OF_AREA');
    }
    const idHmac = await ctx.idHmac();
    const result = await ctx.store.transaction(async (tx) => {
      // A replay of a decision already stored (a lost reply) is answered as the push would answer it.
      const existing = await tx.getRecord('caseStep', body.stepId);
      if (!existing) {
        const parsedCase = caseRecordSchema.parse(kase.fields);
        const policy = await tx.getRecord('casePolicy', casePolicyId(countyOf(kase.township!)));
        const p = policy ? casePolicySchema.safeParse(policy.fields) : null;
        const params = caseParamsFor(p?.success ? p.data : null, parsedCase.programme);
        const steps = (await tx.listCaseSteps(id)).flatMap((r) => {
          const s = caseStepSchema.safeParse(r.fields);
          return s.success ? [s.data as CaseStep] : [];
        });
        const step = caseStepSchema.safeParse(fields);
        if (step.success) {
          const follow = canFollow({ case: parsedCase, params }, steps, step.data as CaseStep);
          if (!follow.ok) {
            await tx.appendAudit({ at, userId: user.id, deviceId: device.id, township: kase.township, action: 'caseDecision.refused', entity: 'caseStep', recordId: body.stepId, detail: { code: 'CASE_STEP_CANNOT_FOLLOW', rule: follow.rule, reason: follow.reason } });
            return { status: 'cannot-follow' as const, rule: follow.rule, reason: follow.reason };
          }
        }
      }
      const change: Change = { seq: 1, entity: 'caseStep', id: body.stepId, baseVersion: 0, fields, formVersion: CASE_STEP_FORM_VERSION, changedAt: at };
      const actor: PushActor = { user, township: kase.township!, deviceId: device.id, at, idHmac, sameArea };
      return { status: 'done' as const, result: await applyChange(tx, actor, change) };
    });
    if (result.status === 'cannot-follow') throw appError('CASE_STEP_CANNOT_FOLLOW', { rule: result.rule, reason: result.reason });
    if (result.result.status === 'rejected') throw appError(result.result.code as never, { issues: result.result.issues });
    return { result: result.result, step: fields };
  });

  app.post('/api/county/cases/revisit-sample', { preHandler: requireAuth(ctx, ['supervisor', 'admin']) }, async (request): Promise<RevisitSampleResponse> => {
    const { user, device } = caller(request);
    const body = sampleBody.parse(request.body ?? {});
    // A seed from the server's injectable randomness unless the county names one (to redraw a past sample).
    const seed = body.seed ?? ctx.random.bytes(8).toString('hex');
    const all = await loadCountyCases(ctx, user, body.township ? { township: body.township } : {});
    const population = all.entries.filter((e) => awaitingDecision(e.state, e.kase.programme, all.today));
    const picked = revisitSample(
      population.map((e) => ({ ...e.row, share: e.params.countyRevisitShare })),
      (c) => c.share,
      (c) => `${countyOf(c.township)}\u0000${c.programme}`,
      seed,
    );
    const shares = Object.fromEntries(population.map((e) => [e.kase.programme, e.params.countyRevisitShare]));
    // The seed, the population and the picked case ids: enough to redraw and check it; no personal value.
    await ctx.store.appendAudit({
      at: ctx.clock().toISOString(), userId: user.id, deviceId: device.id, township: body.township ?? null, action: 'caseSample.draw', entity: 'case', recordId: null,
      detail: { seed, population: population.length, picked: picked.map((c) => c.caseId), shares },
    });
    return { seed, population: population.length, picked: picked.map(({ share: _s, ...row }) => row), shares };
  });
}
