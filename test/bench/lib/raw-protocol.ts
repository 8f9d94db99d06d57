import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Change, LoginResponse, PulledRecord, PullResponse, PushResponse } from '../../../src/shared/protocol/messages';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../src/shared/protocol/version';
import type { WorkloadRecord } from '../workload/generate';

/**
 * The sync protocol spoken directly over HTTP (SPEC.md), without the tablet's client: for loading
 * data, the ingest benchmark and the reconnect storm, where the client's own work is not measured.
 */

export interface RawSession {
  url: string;
  token: string;
  deviceId: string;
  user: LoginResponse['user'];
}

/** A request that honours 429/503 Retry-After (SPEC E2), as a tablet does: a loaded server sheds, it does not fail. */
export async function fetchPolitely(url: string, init: RequestInit, attempts = 30): Promise<Response> {
  for (let i = 1; ; i++) {
    const res = await fetch(url, init);
    if ((res.status !== 429 && res.status !== 503) || i >= attempts) return res;
    await res.body?.cancel();
    const after = Number(res.headers.get('retry-after') ?? 1);
    await new Promise((r) => setTimeout(r, Math.max(1, after) * 1000 * (1 + Math.random() * 0.5)));
  }
}

export async function rawLogin(url: string, username: string, password: string, deviceId = `bench-${randomUUID()}`): Promise<RawSession> {
  const res = await fetchPolitely(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, deviceId, deviceName: 'bench device' }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as LoginResponse;
  return { url, token: body.token, deviceId, user: body.user };
}

export interface PushBody {
  /** Number of changes. */
  count: number;
  json: string;
  /** The same body gzip-compressed, as the tablet sends it (SPEC P7). */
  gzip: Buffer;
}

/** Creates (baseVersion 0) for `records`, seq from `firstSeq`, in batches of at most `batchSize` (SPEC P3). */
export function pushBodies(deviceId: string, records: WorkloadRecord[], batchSize = 500, firstSeq = 1, changedAt = '2025-07-10T08:00:00.000Z'): PushBody[] {
  const out: PushBody[] = [];
  for (let i = 0; i < records.length; i += batchSize) {
    const changes: Change[] = records.slice(i, i + batchSize).map((r, k) => ({
      seq: firstSeq + i + k,
      entity: r.entity,
      id: r.fields.id,
      baseVersion: 0,
      fields: r.fields,
      formVersion: r.formVersion,
      changedAt,
    }));
    const json = JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId, changes });
    out.push({ count: changes.length, json, gzip: gzipSync(json) });
  }
  return out;
}

export interface PushAttempt {
  status: number;
  retryAfterMs: number | null;
  response: PushResponse | null;
  text: string;
}

export async function rawPush(session: RawSession, body: PushBody, opts: { gzip?: boolean } = {}): Promise<PushAttempt> {
  const gzip = opts.gzip ?? true;
  const res = await fetch(`${session.url}/api/sync/push`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${session.token}`,
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    },
    body: gzip ? new Uint8Array(body.gzip) : body.json,
  });
  const text = await res.text();
  const retryAfter = res.headers.get('retry-after');
  return {
    status: res.status,
    retryAfterMs: retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : null,
    response: res.status === 200 ? (JSON.parse(text) as PushResponse) : null,
    text,
  };
}

/** Pushes every body in order and checks that every change was applied; throws otherwise. */
export async function rawPushAll(session: RawSession, bodies: PushBody[]): Promise<void> {
  for (const body of bodies) {
    const r = await rawPush(session, body);
    if (r.status !== 200) throw new Error(`push: ${r.status} ${r.text.slice(0, 300)}`);
    const bad = r.response!.results.filter((x) => x.status !== 'applied');
    if (bad.length) throw new Error(`push: ${bad.length} changes not applied, e.g. ${JSON.stringify(bad[0])}`);
  }
}

/** Every record the session may see, page by page (SPEC L2). */
export async function rawPullAll(session: RawSession, limit = 1000): Promise<PulledRecord[]> {
  const out: PulledRecord[] = [];
  let since = 0;
  for (;;) {
    const res = await fetchPolitely(`${session.url}/api/sync/pull?since=${since}&limit=${limit}`, {
      headers: { authorization: `Bearer ${session.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    });
    if (res.status !== 200) throw new Error(`pull: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as PullResponse;
    out.push(...page.records);
    if (!page.hasMore || page.cursor <= since) return out;
    since = page.cursor;
  }
}
