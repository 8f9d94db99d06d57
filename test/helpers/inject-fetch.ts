/**
 * A `fetch` that hands each request to a Fastify app in process (`app.inject`): the real server's
 * routes, hooks and error table, with no port and no socket. jsdom tests use it too: the request is
 * read with Node's own Buffer, and the answer is a WHATWG Response, so jsdom's URL never reaches the
 * server (it only ever sees a path string and a Buffer).
 */
import { URL as NodeURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

/** The origin the tablets' requests name; any value works, the app only sees the path. */
export const IN_PROCESS_ORIGIN = 'http://tidemark.test';

async function bodyBytes(body: BodyInit | null | undefined): Promise<Buffer | undefined> {
  if (body == null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Blob, ReadableStream, URLSearchParams, FormData: let the platform serialise it.
  return Buffer.from(await new Response(body as BodyInit).arrayBuffer());
}

function headerRecord(headers: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers).forEach((v, k) => (out[k] = v));
  return out;
}

export function injectFetch(app: FastifyInstance): typeof fetch {
  return async (input, init) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new NodeURL(href, IN_PROCESS_ORIGIN);
    const payload = await bodyBytes(init?.body);
    const res = await app.inject({
      method: (init?.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers: headerRecord(init?.headers),
      ...(payload ? { payload } : {}),
    });
    const headers = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [String(v)]) headers.append(k, one);
    }
    // A real fetch decodes a gzipped answer and still shows the header; do the same.
    const raw = headers.get('content-encoding') === 'gzip' ? gunzipSync(res.rawPayload) : res.rawPayload;
    const status = res.statusCode;
    const nullBody = status === 204 || status === 304 || init?.method === 'HEAD';
    return new Response(nullBody ? null : new Uint8Array(raw), { status, headers });
  };
}
