import { AppError } from '../db/contracts';
import { ERROR_CODES, isErrorBody, type ErrorCode } from '../shared/protocol/error-codes';
import type { LoginRequest, LoginResponse, PullResponse, PushAnswer } from '../shared/protocol/messages';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, RESULTS_BY_SEQ, RESULTS_HEADER } from '../shared/protocol/version';
import { parseRetryAfter } from './retry-after';

/** An HTTP failure with the server's stable code (rule E1); status 0 when the network failed. */
export class ApiError extends AppError {
  constructor(
    code: ErrorCode | 'NETWORK',
    override readonly status: number,
    message?: string,
    readonly retryAfterMs: number | null = null,
    details?: unknown,
  ) {
    super(code, message, details);
    this.name = 'ApiError';
  }
}

export interface ApiClientDeps {
  /** '' for the same origin (the PWA), or http://127.0.0.1:PORT in tests. */
  baseUrl: string;
  fetch: typeof fetch;
  now: () => number;
  /** Gzip push bodies over 1 KiB when the browser has CompressionStream (rule P7). Default true. */
  gzip?: boolean;
}

const GZIP_MIN_BYTES = 1024;

/** Gzip through the platform's CompressionStream: JSON of Chinese text shrinks 3–5×, a slow uplink is the bottleneck. */
async function gzipText(text: string): Promise<Uint8Array> {
  const stream = new Response(text).body!.pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A push body made ready to send ahead of time (SPEC P14): the JSON, gzipped when worth it (P7), so
 * the compression of batch k+1 runs while batch k is in flight instead of after its answer.
 */
export interface EncodedPush {
  json: string;
  gzipped: Uint8Array | null;
}

export interface SyncApi {
  login(req: LoginRequest): Promise<LoginResponse>;
  logout(token: string): Promise<void>;
  push(token: string, body: string | EncodedPush): Promise<PushAnswer>;
  /** Compresses a push body now, for a later push (P14); optional so test doubles need not have it. */
  encodePush?(json: string): Promise<EncodedPush>;
  pull(token: string, since: number, limit: number): Promise<PullResponse>;
  attachmentsMissing(token: string, hashes: string[]): Promise<string[]>;
  putAttachment(token: string, sha256: string, bytes: Uint8Array, contentType: string, recordId?: string): Promise<void>;
  /** Any other authenticated JSON request (audit events, the administration page); errors as ApiError. */
  call<T>(token: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown): Promise<T>;
}

function codeForStatus(status: number): ErrorCode {
  const byStatus: Record<number, ErrorCode> = {
    400: 'VALIDATION_FAILED',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    426: 'PROTOCOL_UNSUPPORTED',
    429: 'RATE_LIMITED',
    503: 'OVERLOADED',
  };
  return byStatus[status] ?? 'INTERNAL';
}

export function createApiClient(deps: ApiClientDeps): SyncApi {
  /** The gzip body of a JSON text, or null when it travels as it is (small, gzip off, no CompressionStream). */
  async function encode(json: string): Promise<Uint8Array | null> {
    if (json.length < GZIP_MIN_BYTES || deps.gzip === false || typeof CompressionStream === 'undefined') return null;
    return gzipText(json);
  }

  async function request<T>(
    method: string,
    path: string,
    init: { token?: string; json?: string; body?: BodyInit; contentType?: string; protocol?: boolean; gzip?: boolean; gzipped?: Uint8Array | null; bySeq?: boolean } = {},
  ): Promise<T> {
    const headers: Record<string, string> = {};
    const gzipped = init.gzipped ?? (init.gzip && init.json !== undefined ? await encode(init.json) : null);
    if (gzipped) {
      headers['content-encoding'] = 'gzip'; // P7: the server's 2 MiB limit applies to the decompressed body
      init = { ...init, body: gzipped as unknown as BodyInit, json: undefined, contentType: 'application/json' };
    }
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.protocol) headers[PROTOCOL_HEADER] = String(PROTOCOL_VERSION); // rule V1
    if (init.bySeq) headers[RESULTS_HEADER] = RESULTS_BY_SEQ; // rule P16: results without the record id
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    else if (init.contentType) headers['content-type'] = init.contentType;
    let res: Response;
    try {
      res = await deps.fetch(deps.baseUrl + path, { method, headers, body: init.json ?? init.body ?? null });
    } catch (e) {
      throw new ApiError('NETWORK', 0, e instanceof Error ? e.message : String(e));
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        /* a proxy's HTML error page */
      }
      const code = isErrorBody(body) && body.error.code in ERROR_CODES ? body.error.code : codeForStatus(res.status);
      const message = isErrorBody(body) ? body.error.message : res.statusText;
      throw new ApiError(code, res.status, message, parseRetryAfter(res.headers.get('retry-after'), deps.now()), isErrorBody(body) ? body.error.details : undefined);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    login: (req) => request<LoginResponse>('POST', '/api/auth/login', { json: JSON.stringify(req) }),
    logout: async (token) => {
      await request<unknown>('POST', '/api/auth/logout', { token, json: '{}' });
    },
    push: (token, body) =>
      typeof body === 'string'
        ? request<PushAnswer>('POST', '/api/sync/push', { token, json: body, protocol: true, gzip: true, bySeq: true })
        : request<PushAnswer>('POST', '/api/sync/push', { token, json: body.json, gzipped: body.gzipped, protocol: true, bySeq: true }),
    encodePush: async (json) => ({ json, gzipped: await encode(json) }),
    pull: (token, since, limit) => request<PullResponse>('GET', `/api/sync/pull?since=${since}&limit=${limit}`, { token, protocol: true }),
    attachmentsMissing: async (token, hashes) => {
      const r = await request<{ missing: string[] }>('POST', '/api/attachments/missing', { token, json: JSON.stringify({ hashes }) });
      return r.missing;
    },
    putAttachment: async (token, sha256, bytes, contentType, recordId) => {
      const q = recordId ? `?recordId=${encodeURIComponent(recordId)}` : '';
      await request<unknown>('PUT', `/api/attachments/${sha256}${q}`, { token, body: new Uint8Array(bytes) as unknown as BodyInit, contentType });
    },
    call: (token, method, path, body) => request(method, path, { token, ...(body !== undefined ? { json: JSON.stringify(body) } : {}) }),
  };
}
