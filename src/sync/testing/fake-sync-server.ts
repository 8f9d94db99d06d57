/**
 * An in-memory implementation of the sync protocol (SPEC.md) behind a `fetch` function, for unit
 * tests of the client. It follows the rules the real server implements (P2 results stored per
 * (deviceId, seq), C1–C5 through the shared merge rule, the merged record validated with the shared
 * schema, L3 no echo of a device's own fast-forward writes, sessions bound to the login device id)
 * and has knobs for failures: one-shot interceptors, lost replies, a body limit.
 * test/integration runs the same client against the real server.
 */
import { ERROR_CODES, type ErrorCode } from '../../shared/protocol/error-codes';
import type { Change, ChangeResult, LoginResponse, PulledRecord, PushRequest } from '../../shared/protocol/messages';
import { MAX_PULL_LIMIT, MAX_PUSH_BYTES } from '../../shared/protocol/messages';
import { PROTOCOL_HEADER, SUPPORTED_PROTOCOL_VERSIONS } from '../../shared/protocol/version';
import { mergeChange, type FieldStamp } from '../../shared/rules/merge';
import { ENTITY_DEFINITIONS } from '../../shared/schema/registry';

export interface FakeUser {
  id: string;
  username: string;
  password: string;
  displayName: string;
  township: string;
  unlockSecret: string;
}

export interface StoredRecord {
  entity: string;
  id: string;
  township: string | null;
  version: number;
  fields: Record<string, unknown>;
  fieldVersions: Record<string, number>;
  fieldStamps: Record<string, FieldStamp>;
  serverSeq: number;
  originClient: string | null;
  updatedBy: string | null;
  updatedAt: string;
  deleted?: boolean;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: Uint8Array | null;
}

/** Returns a Response to answer instead of the server, 'lose-reply' to apply then fail the network, or undefined to pass. */
export type Interceptor = (req: FakeRequest) => Response | 'lose-reply' | undefined;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function errorResponse(code: ErrorCode, headers: Record<string, string> = {}, details?: unknown): Response {
  return json(ERROR_CODES[code].status, { error: { code, message: ERROR_CODES[code].message, ...(details ? { details } : {}) } }, headers);
}

class HttpFail extends Error {
  constructor(readonly response: Response) {
    super('http');
  }
}

function withoutNulls(f: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== null));
}

export class FakeSyncServer {
  users = new Map<string, FakeUser>();
  sessions = new Map<string, { userId: string; deviceId: string; expiresAt: string }>();
  records = new Map<string, StoredRecord>();
  applied = new Map<string, ChangeResult>();
  attachments = new Map<string, Uint8Array>();
  serverSeq = 0;
  requests: { method: string; path: string; bytes: number; changes?: number }[] = [];
  interceptors: Interceptor[] = [];
  maxPushBytes = MAX_PUSH_BYTES;
  /** Extra per-change rejection, e.g. to simulate a rule the tablet does not know yet (P5). */
  rejectWhen: ((c: Change) => { code: ErrorCode; issues?: { path: string; message: string }[] } | undefined) | null = null;
  offlineDays = 30;
  sessionHours = 12;
  private tokenCounter = 0;
  /** Requests that arrived gzip-compressed (P7). */
  gzipped = 0;
  /** What POST /api/audit/events received (privacy.md §3), with the sender. */
  auditEvents: { userId: string; deviceId: string; action: string; entity?: string; recordId?: string; at: string }[] = [];

  constructor(public now: () => Date = () => new Date()) {}

  addUser(u: Partial<FakeUser> & { username: string; password: string }): FakeUser {
    const user: FakeUser = {
      id: u.id ?? `user-${u.username}`,
      displayName: u.displayName ?? u.username,
      township: u.township ?? 'town-a',
      unlockSecret: u.unlockSecret ?? `secret-${u.username}-0123456789abcdef`,
      ...u,
    };
    this.users.set(user.username, user);
    return user;
  }

  /** Reference data written "by an administrator". */
  putReference(entity: string, id: string, fields: Record<string, unknown>, township: string | null = null): void {
    const prev = this.records.get(`${entity}:${id}`);
    this.records.set(`${entity}:${id}`, {
      entity, id, township, version: (prev?.version ?? 0) + 1, fields, fieldVersions: {}, fieldStamps: {},
      serverSeq: ++this.serverSeq, originClient: null, updatedBy: null, updatedAt: this.now().toISOString(),
    });
  }

  /** Queues a one-shot interceptor (first match wins and is removed). */
  once(match: (req: FakeRequest) => boolean, answer: (req: FakeRequest) => Response | 'lose-reply'): void {
    const i: Interceptor = (req) => {
      if (!match(req)) return undefined;
      this.interceptors.splice(this.interceptors.indexOf(i), 1);
      return answer(req);
    };
    this.interceptors.push(i);
  }

  fieldRecords(entity = 'household'): StoredRecord[] {
    return [...this.records.values()].filter((r) => r.entity === entity);
  }

  fetch: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://fake.local');
    let body = init?.body == null ? null : typeof init.body === 'string' ? new TextEncoder().encode(init.body) : new Uint8Array(init.body as ArrayBuffer);
    if (body && new Headers(init?.headers).get('content-encoding') === 'gzip') {
      const stream = new Response(new Uint8Array(body)).body!.pipeThrough(new DecompressionStream('gzip'));
      body = new Uint8Array(await new Response(stream).arrayBuffer());
      this.gzipped++;
    }
    const req: FakeRequest = { method: init?.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: new Headers(init?.headers), body };
    const entry: FakeServerRequestLog = { method: req.method, path: req.path, bytes: body?.length ?? 0 };
    this.requests.push(entry);
    let lose = false;
    for (const i of [...this.interceptors]) {
      const r = i(req);
      if (r === 'lose-reply') {
        lose = true;
        break;
      }
      if (r) return r;
    }
    const res = await this.handle(req, entry);
    if (lose) throw new TypeError('Failed to fetch (reply lost)');
    return res;
  };

  private async handle(req: FakeRequest, log: FakeServerRequestLog): Promise<Response> {
    try {
      const route = `${req.method} ${req.path}`;
      if (route === 'POST /api/auth/login') return this.login(req);
      if (route === 'POST /api/auth/logout') {
        this.sessions.delete(this.bearer(req));
        return json(200, { ok: true });
      }
      if (route === 'POST /api/sync/push') return this.push(req, log);
      if (route === 'GET /api/sync/pull') return this.pull(req);
      if (route === 'POST /api/audit/events') {
        const { user, deviceId } = this.auth(req);
        const { events } = this.body<{ events: { action: string; entity?: string; recordId?: string; at: string }[] }>(req);
        for (const e of events) this.auditEvents.push({ userId: user.id, deviceId, ...e });
        return json(200, { recorded: events.length });
      }
      if (route === 'POST /api/attachments/missing') {
        this.auth(req);
        const { hashes } = this.body<{ hashes: string[] }>(req);
        return json(200, { missing: hashes.filter((h) => !this.attachments.has(h)) });
      }
      if (req.method === 'PUT' && req.path.startsWith('/api/attachments/')) {
        this.auth(req);
        const sha = req.path.split('/').pop()!;
        const bytes = req.body ?? new Uint8Array();
        const actual = Buffer.from(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes))).toString('hex');
        if (actual !== sha) return errorResponse('VALIDATION_FAILED');
        this.attachments.set(sha, bytes);
        return json(201, { sha256: sha, size: bytes.length, stored: true });
      }
      return errorResponse('NOT_FOUND');
    } catch (e) {
      if (e instanceof HttpFail) return e.response;
      throw e;
    }
  }

  private body<T>(req: FakeRequest): T {
    try {
      return JSON.parse(new TextDecoder().decode(req.body ?? new Uint8Array())) as T;
    } catch {
      throw new HttpFail(errorResponse('BAD_JSON'));
    }
  }

  private bearer(req: FakeRequest): string {
    return (req.headers.get('authorization') ?? '').replace(/^Bearer /, '');
  }

  private auth(req: FakeRequest): { user: FakeUser; deviceId: string } {
    const s = this.sessions.get(this.bearer(req));
    if (!s) throw new HttpFail(errorResponse('UNAUTHENTICATED'));
    if (Date.parse(s.expiresAt) <= this.now().getTime()) throw new HttpFail(errorResponse('SESSION_EXPIRED'));
    const user = [...this.users.values()].find((u) => u.id === s.userId)!;
    return { user, deviceId: s.deviceId };
  }

  private login(req: FakeRequest): Response {
    const b = this.body<{ username: string; password: string; deviceId: string }>(req);
    const user = this.users.get(b.username);
    if (!user || user.password !== b.password) return errorResponse('BAD_CREDENTIALS');
    const token = `tok-${++this.tokenCounter}-${user.id}`;
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.sessionHours * 3_600_000).toISOString();
    this.sessions.set(token, { userId: user.id, deviceId: b.deviceId, expiresAt });
    const res: LoginResponse = {
      token,
      expiresAt,
      user: { id: user.id, username: user.username, displayName: user.displayName, role: 'worker', township: user.township, county: 'county-1' },
      unlockSecret: user.unlockSecret,
      offlineDays: this.offlineDays,
      serverTime: now.toISOString(),
    };
    return json(200, res);
  }

  private push(req: FakeRequest, log: FakeServerRequestLog): Response {
    const { user, deviceId } = this.auth(req);
    if ((req.body?.length ?? 0) > this.maxPushBytes) return errorResponse('PAYLOAD_TOO_LARGE');
    const body = this.body<PushRequest>(req);
    if (!SUPPORTED_PROTOCOL_VERSIONS.includes(body.protocol)) return errorResponse('PROTOCOL_UNSUPPORTED');
    if (body.deviceId !== deviceId) return errorResponse('FORBIDDEN');
    if (body.changes.length > 500) return errorResponse('VALIDATION_FAILED');
    log.changes = body.changes.length;
    const at = this.now().toISOString();
    const results = body.changes.map((c) => {
      const key = `${deviceId}:${c.seq}`;
      const stored = this.applied.get(key);
      if (stored) return stored; // P2
      const r = this.apply(user, deviceId, c, at);
      this.applied.set(key, r);
      return r;
    });
    return json(200, { results, serverTime: at });
  }

  private apply(user: FakeUser, deviceId: string, c: Change, at: string): ChangeResult {
    const def = ENTITY_DEFINITIONS[c.entity];
    if (!def) return { seq: c.seq, id: c.id, status: 'rejected', code: 'CHANGE_ENTITY_READ_ONLY' };
    if (!def.acceptedFormVersions.includes(c.formVersion)) return { seq: c.seq, id: c.id, status: 'rejected', code: 'CHANGE_FORM_VERSION' };
    const extra = this.rejectWhen?.(c);
    if (extra) return { seq: c.seq, id: c.id, status: 'rejected', ...extra };
    const existing = this.records.get(`${c.entity}:${c.id}`);
    if (existing && existing.township !== user.township) return { seq: c.seq, id: c.id, status: 'rejected', code: 'OUT_OF_AREA' };
    const merge = mergeChange(existing ?? null, { baseVersion: c.baseVersion, fields: c.fields, changedAt: c.changedAt, deviceId });
    // A top-level null removes the field (how the client says "cleared").
    const fields = withoutNulls(merge.record.fields);
    if (merge.changed) {
      const parsed = def.schema.safeParse(fields);
      if (!parsed.success) {
        return { seq: c.seq, id: c.id, status: 'rejected', code: 'CHANGE_INVALID', issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
      }
    }
    if (merge.changed || merge.conflicts.length > 0) {
      this.records.set(`${c.entity}:${c.id}`, {
        entity: c.entity, id: c.id, township: user.township, version: merge.record.version, fields,
        fieldVersions: merge.record.fieldVersions, fieldStamps: merge.record.fieldStamps, serverSeq: ++this.serverSeq,
        originClient: merge.status === 'applied' ? deviceId : null, updatedBy: user.id, updatedAt: at,
      });
    }
    const r: ChangeResult = { seq: c.seq, id: c.id, status: merge.status, version: merge.record.version };
    if (merge.conflicts.length) r.conflictFields = merge.conflicts.map((x) => x.field);
    return r;
  }

  private pull(req: FakeRequest): Response {
    const { user, deviceId } = this.auth(req);
    if (!SUPPORTED_PROTOCOL_VERSIONS.includes(Number(req.headers.get(PROTOCOL_HEADER)))) return errorResponse('PROTOCOL_UNSUPPORTED');
    const since = Number(req.query.get('since') ?? 0);
    const limit = Math.min(Number(req.query.get('limit') ?? 500), MAX_PULL_LIMIT);
    const visible = [...this.records.values()]
      .filter((r) => r.serverSeq > since && (r.township === null || r.township === user.township))
      .sort((a, b) => a.serverSeq - b.serverSeq);
    const page = visible.slice(0, limit);
    const last = page[page.length - 1];
    const records: PulledRecord[] = page
      .filter((r) => !(r.originClient === deviceId && r.updatedBy === user.id)) // L3
      .map((r) => ({ entity: r.entity as PulledRecord['entity'], id: r.id, version: r.version, serverSeq: r.serverSeq, township: r.township, fields: r.fields, updatedAt: r.updatedAt, ...(r.deleted ? { deleted: true } : {}) }));
    return json(200, { records, cursor: last ? last.serverSeq : since, hasMore: visible.length > limit });
  }
}

interface FakeServerRequestLog {
  method: string;
  path: string;
  bytes: number;
  changes?: number;
}
