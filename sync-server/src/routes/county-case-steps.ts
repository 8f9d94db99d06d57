import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Change, ChangeResult } from '../../../src/shared/protocol/messages';
import { CASE_STEP_FORM_VERSION, caseStepSchema } from '../../../src/shared/schema/case-step';
import { idSchema } from '../../../src/shared/schema/common';
import { caller, requireAuth } from '../auth/authenticate';
import type { AppContext } from '../context';
import { appError } from '../errors';
import { applyChange, type PushActor } from '../sync/apply-change';
import { caseFlagId } from '../sync/case-stale-flag';
import { sameAreaOf } from '../sync/same-area';
import { mayReadTownship, readableTownships } from '../sync/scope';

/** At most this many steps a request: the county records one decision at a time, or a few. */
const MAX_STEPS = 50;
const body = z.object({ steps: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_STEPS) }).strict();

/**
 * The county's steps, online (SPEC K6): a supervisor decides, returns, records the financial check or
 * an extension for any case of the county, through the same checks as a tablet's push (applyChange:
 * K2–K5), each step answered on its own like a change of a push. The step is stored under its case's
 * township, so that township's tablets pull the decision and its comment on their next sync. An
 * administrator is answered CASE_DECIDER_ONLY for every step (separation of duties).
 */
export function countyCaseStepRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/county/case-steps', { preHandler: requireAuth(ctx, ['supervisor', 'admin']) }, async (request) => {
    const { user, device } = caller(request);
    const { steps } = body.parse(request.body);
    const at = ctx.clock().toISOString();
    const sameArea = sameAreaOf(await ctx.store.listDivisions());
    const readable = await readableTownships(ctx.store, user);
    const idHmac = await ctx.idHmac();
    const results = await ctx.store.transaction(async (tx) => {
      const out: ChangeResult[] = [];
      for (const [i, fields] of steps.entries()) {
        const id = typeof fields.id === 'string' && idSchema.safeParse(fields.id).success ? fields.id : `step-${i + 1}`;
        const change: Change = { seq: i + 1, entity: 'caseStep', id, baseVersion: 0, fields, formVersion: CASE_STEP_FORM_VERSION, changedAt: at };
        const caseId = fields.caseId;
        const kase = typeof caseId === 'string' ? await tx.getRecord('case', caseId) : null;
        if (!kase || kase.township === null || kase.deleted) {
          out.push({ seq: change.seq, id, status: 'rejected', code: 'CASE_UNKNOWN' });
          continue;
        }
        if (readable !== null && !readable.some((t) => sameArea(t).has(kase.township!))) {
          await tx.appendAudit({
            at, userId: user.id, deviceId: device.id, township: kase.township, action: 'sync.denied', entity: 'caseStep', recordId: id,
            detail: { seq: change.seq, code: 'OUT_OF_AREA', county: true },
          });
          out.push({ seq: change.seq, id, status: 'rejected', code: 'OUT_OF_AREA' });
          continue;
        }
        // The county acts in the case's township: the step is stored there (SPEC A2 for the county).
        const actor: PushActor = { user, township: kase.township, deviceId: device.id, at, idHmac, sameArea };
        out.push(await applyChange(tx, actor, change));
      }
      return out;
    });
    return { results, serverTime: at };
  });

  /** A case with its steps in arrival order and its flag, for the county's case page (next round) and tests. */
  app.get('/api/cases/:id', { preHandler: requireAuth(ctx, ['supervisor', 'admin', 'worker']) }, async (request) => {
    const { user } = caller(request);
    const { id } = z.object({ id: idSchema }).parse(request.params);
    const kase = await ctx.store.getRecord('case', id);
    if (!kase || kase.deleted) throw appError('CASE_UNKNOWN');
    if (!(await mayReadTownship(ctx.store, user, kase.township))) throw appError('OUT_OF_AREA');
    const { steps, flag } = await ctx.store.transaction(async (tx) => ({
      steps: await tx.listCaseSteps(id),
      flag: await tx.getRecord('flag', caseFlagId(id)),
    }));
    // K24: the surveys the case's steps cite, so a tablet that purged the last one fills a review from it.
    const surveyIds = [...new Set(steps.map((s) => (s.fields as { payload?: { surveyId?: unknown } }).payload?.surveyId).filter((v): v is string => typeof v === 'string'))];
    const surveys: { id: string; version: number; fields: Record<string, unknown> }[] = [];
    for (const sid of surveyIds) {
      const survey = await ctx.store.getRecord('survey', sid);
      if (survey && !survey.deleted && (await mayReadTownship(ctx.store, user, survey.township))) surveys.push({ id: survey.id, version: survey.version, fields: survey.fields });
    }
    return {
      case: { ...kase.fields, township: kase.township },
      surveys,
      // Parsed for a normalised view; a row the schema no longer takes is shown as stored rather than dropped.
      steps: steps.map((s) => {
        const parsed = caseStepSchema.safeParse(s.fields);
        return { ...(parsed.success ? parsed.data : s.fields), township: s.township, serverSeq: s.serverSeq, createdBy: s.createdBy };
      }),
      flag: flag ? { id: flag.id, ...flag.fields } : null,
    };
  });
}
