import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ChangeResult, PushResponse } from '../../../src/shared/protocol/messages';
import { SUPPORTED_PROTOCOL_VERSIONS } from '../../../src/shared/protocol/version';
import { checkChangeShape } from '../../../src/shared/rules/change-bounds';
import type { AppContext } from '../context';

const SET_ASIDE = Symbol('tidemark.tooComplex');
type Marked = FastifyRequest & { [SET_ASIDE]?: Map<number, ChangeResult> };
interface RawChange {
  seq?: unknown;
  id?: unknown;
  fields?: unknown;
  data?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * SPEC B1, P5: a change whose value is nested too deep or holds too many keys is set aside before the
 * push is parsed, merged or stored, and answered `CHANGE_TOO_COMPLEX` on its own, so the rest of the
 * batch applies and the tablet's queue moves on. The rejection is recorded under (deviceId, seq) like
 * any result (P2): a replay hears the same answer, and a seq applied before keeps its first result.
 * Runs as a preHandler of the push route, after authentication; anything else wrong with the body
 * (another device, an unknown protocol, a malformed change) is left for the route to refuse as before.
 */
export function setAsideTooComplexChanges(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const body = request.body;
    const device = request.auth?.device;
    if (!device || !isRecord(body) || !Array.isArray(body.changes) || body.deviceId !== device.id) return;
    if (typeof body.protocol !== 'number' || !SUPPORTED_PROTOCOL_VERSIONS.includes(body.protocol)) return;
    const changes = body.changes as unknown[];
    const tooComplex: { index: number; seq: number; id: string }[] = [];
    changes.forEach((c, index) => {
      if (!isRecord(c)) return;
      const { seq, id, fields, data } = c as RawChange;
      if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1 || typeof id !== 'string') return;
      if (checkChangeShape(fields ?? data) !== null) tooComplex.push({ index, seq, id });
    });
    if (tooComplex.length === 0) return;

    const at = ctx.clock().toISOString();
    const results = await ctx.store.transaction(async (tx) => {
      const out = new Map<number, ChangeResult>();
      for (const { index, seq, id } of tooComplex) {
        const stored = await tx.getAppliedResult(device.id, seq);
        if (stored) {
          out.set(index, stored);
          continue;
        }
        const result: ChangeResult = { seq, id, status: 'rejected', code: 'CHANGE_TOO_COMPLEX' };
        await tx.recordApplied(device.id, seq, result, at);
        await tx.appendAudit({
          at, userId: request.auth!.user.id, deviceId: device.id, township: request.auth!.user.township, action: 'sync.rejected',
          entity: null, recordId: id.slice(0, 128), detail: { seq, code: 'CHANGE_TOO_COMPLEX' },
        });
        out.set(index, result);
      }
      return out;
    });
    (request as Marked)[SET_ASIDE] = results;
    body.changes = changes.filter((_, i) => !results.has(i));
    if ((body.changes as unknown[]).length === 0) {
      // Nothing left to apply: answer here; mergeSetAsideResults fills in the results.
      const response: PushResponse = { results: [], serverTime: at };
      return reply.send(response);
    }
  };
}

/** preSerialization of the push route: the set-aside results go back in the batch's order. */
export async function mergeSetAsideResults(request: FastifyRequest, _reply: FastifyReply, payload: unknown): Promise<unknown> {
  const setAside = (request as Marked)[SET_ASIDE];
  if (!setAside || !isRecord(payload) || !Array.isArray(payload.results)) return payload;
  const applied = [...(payload.results as ChangeResult[])];
  const total = applied.length + setAside.size;
  const results: ChangeResult[] = [];
  for (let i = 0; i < total; i++) results.push(setAside.get(i) ?? applied.shift()!);
  return { ...payload, results };
}
