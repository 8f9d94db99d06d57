import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config';

const WATCHED = Symbol('tidemark.bodyWatched');

/**
 * Cuts a request whose body arrives slower than `minBytes` per `windowMs`, measured window by window on
 * the socket's byte count (issue 11 §1, SPEC E4). A rate over a window, not one total deadline: a 2 MiB
 * batch over a 64 kbit/s link takes about 4 minutes and gets through; one byte every few seconds does
 * not hold a connection (or a push slot: the slot is given back when the connection closes).
 * The socket's count is read, never the stream itself, so nothing here changes how the body is read.
 */
function watchBody(req: IncomingMessage & { [WATCHED]?: true }, minBytes: number, windowMs: number): void {
  if (req[WATCHED] || req.complete) return;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (!(declared > 0) && req.headers['transfer-encoding'] === undefined) return;
  req[WATCHED] = true;
  const socket = req.socket;
  let last = socket.bytesRead;
  const timer = setInterval(() => {
    if (req.complete || socket.destroyed) return clearInterval(timer);
    const read = socket.bytesRead;
    if (read - last < minBytes) {
      clearInterval(timer);
      socket.destroy();
      return;
    }
    last = read;
  }, windowMs);
  timer.unref();
  socket.once('close', () => clearInterval(timer));
}

/**
 * Watching starts when the body starts being read (preParsing: after authentication and the push
 * slot, so a request waiting for its turn is not cut), or when the answer left before the body was read
 * (a 401 on a push: Node still drains the body, and a trickle would keep the connection).
 * Header and keep-alive deadlines are Node's own (app.ts: headersTimeout, keepAliveTimeout).
 */
export function installBodyDeadlines(app: FastifyInstance, config: ServerConfig): void {
  const windowMs = config.bodyRateWindowSeconds * 1000;
  const minBytes = Math.ceil(config.bodyMinBytesPerSecond * config.bodyRateWindowSeconds);
  if (minBytes <= 0) return;
  app.addHook('preParsing', async (request, _reply, payload) => {
    watchBody(request.raw, minBytes, windowMs);
    return payload;
  });
  app.addHook('onResponse', async (request) => {
    if (!request.raw.complete) watchBody(request.raw, minBytes, windowMs);
  });
}
