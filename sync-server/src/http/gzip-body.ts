import { createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { appError } from '../errors';

/**
 * Accepts `content-encoding: gzip` request bodies (SPEC P7). The body limit of the route applies to the
 * decompressed bytes (Fastify counts what this stream emits), so a small gzip bomb still gets 413.
 * `receivedEncodedLength` lets Fastify check Content-Length against the compressed bytes.
 */
export function installGzipBodies(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
    if (encoding === 'identity' || encoding === '') return payload;
    if (encoding !== 'gzip') throw appError('UNSUPPORTED_MEDIA_TYPE', { contentEncoding: encoding }, 'Send gzip or uncompressed bodies.');
    const gunzip = createGunzip() as ReturnType<typeof createGunzip> & { receivedEncodedLength: number };
    gunzip.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => {
      gunzip.receivedEncodedLength += chunk.length;
    });
    payload.on('error', (err) => gunzip.destroy(err));
    payload.pipe(gunzip);
    return gunzip;
  });
}
