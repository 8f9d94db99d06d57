import { promisify } from 'node:util';
import { constants, gzip as gzipCb } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const gzip = promisify(gzipCb);

/** Smaller answers are not worth the CPU (and the gzip header eats most of the gain). */
const COMPRESS_MIN_BYTES = 1024;

/** Whether `accept-encoding` allows gzip (RFC 9110 §12.5.3: `gzip`, `x-gzip` or `*`, with q > 0). */
function acceptsGzip(header: string | string[] | undefined): boolean {
  if (!header) return false;
  const value = Array.isArray(header) ? header.join(',') : header;
  let gzipQ: number | undefined;
  let starQ: number | undefined;
  for (const part of value.split(',')) {
    const [rawName, ...params] = part.split(';');
    const name = rawName!.trim().toLowerCase();
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=');
      if (k?.trim().toLowerCase() === 'q') q = Number(v?.trim() ?? '1');
    }
    if (!Number.isFinite(q)) q = 0;
    if (name === 'gzip' || name === 'x-gzip') gzipQ = Math.max(gzipQ ?? 0, q);
    else if (name === '*') starQ = q;
  }
  return (gzipQ ?? starQ ?? 0) > 0;
}

/**
 * gzips JSON answers of the API when the client accepts it (benchmark: a pull page is ~8× its gzip size on
 * the wire; browsers decompress transparently). Streams (static files, attachments) and small answers go
 * out as they are. /api/auth answers are never compressed: they carry tokens and secrets next to
 * caller-chosen text (BREACH).
 */
export function installCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/auth/')) return payload;
    if (request.method === 'HEAD' || reply.statusCode === 204 || reply.statusCode === 304) return payload;
    if (reply.hasHeader('content-encoding')) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('application/json')) return payload;
    // Any answer that could be compressed varies by accept-encoding, whether or not this one is.
    const vary = reply.getHeader('vary');
    if (!vary) void reply.header('vary', 'accept-encoding');
    else if (!/accept-encoding/i.test(String(vary))) void reply.header('vary', `${String(vary)}, accept-encoding`);
    if (Buffer.byteLength(payload) < COMPRESS_MIN_BYTES) return payload;
    if (!acceptsGzip(request.headers['accept-encoding'])) return payload;
    const compressed = await gzip(payload, { level: constants.Z_DEFAULT_COMPRESSION });
    void reply.header('content-encoding', 'gzip');
    reply.removeHeader('content-length');
    return compressed;
  });
}
