import type { FastifyReply, FastifyRequest } from 'fastify';
import { RESULTS_BY_SEQ, RESULTS_HEADER } from '../../../src/shared/protocol/version';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * SPEC P16, the push answer's shape (preSerialization of the push route, after the set-aside results
 * are merged): a tablet that asks for results by seq (`x-tidemark-results: seq`) gets each result
 * without the record `id` — a random UUID per change that gzip cannot shrink, ~8 % of a push's bytes —
 * since it maps results by seq. Release 1 does not ask and gets `id` as before. Only the answer sent
 * changes: what is stored for replays (P2) keeps the id.
 */
export async function resultsBySeq(request: FastifyRequest, _reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (request.headers[RESULTS_HEADER] !== RESULTS_BY_SEQ || !isRecord(payload) || !Array.isArray(payload.results)) return payload;
  return { ...payload, results: (payload.results as unknown[]).map((r) => (isRecord(r) ? withoutId(r) : r)) };
}

function withoutId(result: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = result;
  return rest;
}
