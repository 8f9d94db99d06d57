import type { FastifyInstance, FastifyRequest } from 'fastify';

const counted = new WeakSet<FastifyRequest>();

/**
 * SPEC D9: how many requests the app is serving now — from their first hook (onRequest) to their answer
 * sent (onResponse) or their client gone (onRequestAbort), each counted once. The dashboard's counter
 * pauses between its batches only while this is above 0 (or I/O waits), so a long count after a load
 * leaves requests their turns without idling when nobody asks.
 */
export function installRequestsInFlight(app: FastifyInstance): () => number {
  let inFlight = 0;
  const done = async (request: FastifyRequest) => {
    if (counted.delete(request)) inFlight -= 1;
  };
  app.addHook('onRequest', async (request) => {
    counted.add(request);
    inFlight += 1;
  });
  app.addHook('onResponse', done);
  app.addHook('onRequestAbort', done);
  return () => inFlight;
}
