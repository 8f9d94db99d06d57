import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config';
import { retryLater } from '../errors';

/**
 * SPEC E2: when the event loop lags (SQLite work is synchronous; a reconnect storm shows here first),
 * API requests hear 503 OVERLOADED with Retry-After on arrival, before any work — through
 * @fastify/under-pressure. The health check still answers, so a proxy sees a slow server, not a dead one.
 */
export async function installOverload(app: FastifyInstance, config: ServerConfig): Promise<void> {
  if (config.overloadEventLoopDelayMs <= 0) return;
  await app.register(underPressure, {
    maxEventLoopDelay: config.overloadEventLoopDelayMs,
    pressureHandler: async (request) => {
      if (!request.url.startsWith('/api/') || request.url.startsWith('/api/health')) return;
      throw retryLater('OVERLOADED', config.overloadRetryAfterSeconds);
    },
  });
}
