/**
 * The network between a tablet and the real server, with faults a test injects (STYLE habit 9):
 * offline, a reply lost after the server committed, an upload cut mid-body, a proxy answering
 * 413/429/503, a session that expired before the request arrived. Every request is logged as the
 * server received it (gzip bodies decoded), so tests count requests and changes as the fake did.
 */
import { URL as NodeURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { ERROR_CODES, type ErrorCode } from '../../src/shared/protocol/error-codes';

export interface SentRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** The body as the server reads it (gunzipped); null without one. */
  body: Uint8Array | null;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
}

interface LoggedRequest {
  method: string;
  path: string;
  /** The query string, e.g. `?since=3&limit=500` ('' without one). */
  search: string;
  /** HTTP status, 'lost' (the server answered, the tablet never heard), 'failed' (never reached the server). */
  status: number | 'lost' | 'failed';
  /** Body bytes after decompression. */
  bytes: number;
  gzip: boolean;
  /** Changes in a push body. */
  changes?: number;
}

type Fault =
  /** The server applies the request; the tablet sees a network error. */
  | { kind: 'lose-reply' }
  /** The upload stops half-way: the server gets a truncated body (and refuses it); the tablet sees a network error. */
  | { kind: 'cut-body' }
  /** Nothing reaches the server; the tablet sees a network error. */
  | { kind: 'network-error' }
  /** A proxy (or the server under load) answers with this code from the error table, before the server sees the request. */
  | { kind: 'status'; code: ErrorCode; retryAfterSeconds?: number }
  /** Runs `before` (e.g. moves the server clock past the session's expiry), then passes the request on. */
  | { kind: 'before'; before: () => void | Promise<void> }
  /**
   * Changes the JSON body on its way (gzip dropped), e.g. a tablet on an older form that breaks a rule
   * the server has since tightened: the real server then rejects the change itself.
   */
  | { kind: 'rewrite'; rewrite: (json: unknown) => unknown }
  /** Lets the test look at the request (headers, body), then passes it on untouched. */
  | { kind: 'observe'; observe: (req: SentRequest) => void }
  /** Any answer the test builds. */
  | { kind: 'respond'; respond: (req: SentRequest) => Response };

type RequestMatch = string | ((req: SentRequest) => boolean);

export interface FaultyNetwork {
  fetch: typeof fetch;
  log: LoggedRequest[];
  /** When false every request fails before reaching the server (the tablet's own connectivity flag is separate). */
  online: boolean;
  /** A body limit (decompressed bytes, as SPEC P7 counts them): bigger bodies get 413 PAYLOAD_TOO_LARGE without reaching the server. */
  maxBodyBytes: number;
  /**
   * Applies `fault` to the next request matching (`'POST /api/sync/push'`, a path, or a predicate); one
   * shot. The returned function disarms it if no request has met it yet (a fault meant for one sync).
   */
  once(match: RequestMatch, fault: Fault): () => void;
  /** Applies `fault` to every matching request until the returned function is called. */
  always(match: RequestMatch, fault: Fault): () => void;
  /** Requests seen so far to this path (or `'METHOD /path'`). */
  count(match: RequestMatch): number;
}

function errorResponse(code: ErrorCode, headers: Record<string, string> = {}): Response {
  const { status, message } = ERROR_CODES[code];
  return new Response(JSON.stringify({ error: { code, message } }), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function matches(m: RequestMatch, req: SentRequest): boolean {
  if (typeof m === 'function') return m(req);
  const space = m.indexOf(' ');
  if (space > 0) return req.method === m.slice(0, space) && req.path === m.slice(space + 1);
  return req.path === m;
}

function toBytes(body: BodyInit | null | undefined): Uint8Array | null {
  if (body == null) return null;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return null; // a Blob or stream: passed on untouched, logged without a size
}

export function faultyNetwork(inner: typeof fetch): FaultyNetwork {
  const rules: { match: RequestMatch; fault: Fault; once: boolean }[] = [];
  const net: FaultyNetwork = {
    log: [],
    online: true,
    maxBodyBytes: Number.POSITIVE_INFINITY,
    once(match, fault) {
      const rule = { match, fault, once: true };
      rules.push(rule);
      return () => {
        const i = rules.indexOf(rule);
        if (i >= 0) rules.splice(i, 1);
      };
    },
    always(match, fault) {
      const rule = { match, fault, once: false };
      rules.push(rule);
      return () => {
        const i = rules.indexOf(rule);
        if (i >= 0) rules.splice(i, 1); // a second call must not remove the last rule (indexOf -1)
      };
    },
    count: (m) => net.log.filter((e) => matches(m, { ...e, query: new URLSearchParams(e.search), headers: new Headers(), body: null, json: undefined })).length,
    fetch: async (input, init) => {
      const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const url = new NodeURL(href, 'http://tidemark.test');
      const headers = new Headers(init?.headers);
      const raw = toBytes(init?.body);
      const gzip = headers.get('content-encoding') === 'gzip';
      const body = raw && gzip ? new Uint8Array(gunzipSync(raw)) : raw;
      let json: unknown;
      try {
        json = body && headers.get('content-type')?.includes('json') ? JSON.parse(new TextDecoder().decode(body)) : undefined;
      } catch {
        json = undefined;
      }
      const req: SentRequest = { method: init?.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body, json };
      const changes = Array.isArray((json as { changes?: unknown[] } | undefined)?.changes) ? (json as { changes: unknown[] }).changes.length : undefined;
      const entry: LoggedRequest = { method: req.method, path: req.path, search: url.search, status: 'failed', bytes: body?.length ?? 0, gzip, ...(changes !== undefined ? { changes } : {}) };
      net.log.push(entry);
      if (!net.online) throw new TypeError('fetch failed (offline)');
      if (body && body.length > net.maxBodyBytes) {
        entry.status = 413;
        return errorResponse('PAYLOAD_TOO_LARGE');
      }
      // Observers all look; then the first other matching rule applies.
      for (const r of rules.filter((x) => x.fault.kind === 'observe' && matches(x.match, req))) {
        if (r.once) rules.splice(rules.indexOf(r), 1);
        (r.fault as Extract<Fault, { kind: 'observe' }>).observe(req);
      }
      const rule = rules.find((r) => r.fault.kind !== 'observe' && matches(r.match, req));
      if (rule?.once) rules.splice(rules.indexOf(rule), 1);
      const fault = rule?.fault;
      if (fault?.kind === 'network-error') throw new TypeError('fetch failed (network error)');
      if (fault?.kind === 'status') {
        entry.status = ERROR_CODES[fault.code].status;
        return errorResponse(fault.code, fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {});
      }
      if (fault?.kind === 'respond') {
        const res = fault.respond(req);
        entry.status = res.status;
        return res;
      }
      if (fault?.kind === 'before') await fault.before();
      if (fault?.kind === 'rewrite') {
        const h = new Headers(init?.headers);
        h.delete('content-encoding');
        h.set('content-type', 'application/json');
        const res = await inner(input, { ...init, headers: h, body: JSON.stringify(fault.rewrite(structuredClone(json))) });
        entry.status = res.status;
        return res;
      }
      if (fault?.kind === 'cut-body' && raw) {
        // The server receives half the bytes (the connection dropped); whatever it answers, the tablet hears nothing.
        const res = await inner(input, { ...init, body: raw.slice(0, Math.floor(raw.length / 2)) });
        await res.arrayBuffer();
        entry.status = 'lost';
        throw new TypeError('fetch failed (upload cut)');
      }
      const res = await inner(input, init);
      entry.status = res.status;
      if (fault?.kind === 'lose-reply') {
        await res.arrayBuffer(); // the server committed and answered; the reply never arrives
        entry.status = 'lost';
        throw new TypeError('fetch failed (reply lost)');
      }
      return res;
    },
  };
  return net;
}
