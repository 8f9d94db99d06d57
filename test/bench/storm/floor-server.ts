/**
 * The reconnect storm's FLOOR (issue 14, ninth session): a server doing only the irreducible work of a
 * storm push, so the real server's storm time can be read against what any server must spend on this
 * machine. Started like the real one (startServerProcess's PORT, HOST, DATA_DIR, ADMIN_*, DATABASE_URL and
 * DATABASE_SCHEMA; the same line on stdout) on the SQLite file or PostgreSQL schema startServerProcess
 * migrated with the real migrations, so the records and applied_changes tables carry the real columns
 * and indexes (floor-store.ts).
 *
 * Per push: the session by token (one indexed read), the body through an async gunzip stream (as
 * http/gzip-body.ts), JSON.parse, the (client, seq) range already applied (one indexed read: a reset
 * connection's replay must not store twice, SPEC P2), then each change's records row (same values the
 * real server writes for a create: fields, field versions and stamps, id HMAC, server_seq) and its
 * applied_changes row (result, user, content hash), multi-row inserts, in one transaction per group of
 * pushes gathered by the real server's GroupCommitter (SPEC I4). SQLite: WAL, synchronous=FULL.
 * Not done, on purpose: validation, merge, audit rows, person keys, flags, counting, push slots.
 * Accounts live in memory: logins and account creation are outside the storm's window.
 * Not a server to run: no limits, no checks beyond the token.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createGunzip } from 'node:zlib';
import type { Change, ChangeResult, PulledRecord } from '../../../src/shared/protocol/messages';
import { stampFields } from '../../../src/shared/rules/stamp-fields';
import { ENTITY_DEFINITIONS } from '../../../src/shared/schema/registry';
import { hashToken } from '../../../sync-server/src/auth/tokens';
import { GroupCommitter } from '../../../sync-server/src/store/group-commit';
import { changeContentHash } from '../../../sync-server/src/sync/content-hash';
import { makeIdHmac, recordIdHmac } from '../../../sync-server/src/sync/id-hmac';
import { openFloorPostgres, openFloorSqlite, type FloorTx } from './floor-store';

/**
 * As the real stores (sqlite-store.ts, postgres-store.ts: MAX_GROUP_MEMBERS). One group at a time on both
 * stores: the real PostgreSQL store runs two but holds its lock from assigning server_seq to COMMIT (SPEC
 * L2, L5), and the floor's work outside that stretch (the applied read, building rows) is next to nothing.
 */
const MAX_GROUP_MEMBERS = 64;

const env = process.env;
const store = env.DATABASE_URL ? await openFloorPostgres(env.DATABASE_URL, env.DATABASE_SCHEMA ?? 'public') : openFloorSqlite(env.DATA_DIR!);
const idHmac = makeIdHmac(await store.idHmacSecret());
let serverSeq = await store.maxServerSeq();
if (env.TIDEMARK_COMMIT_STATS_FILE) process.on('SIGUSR2', () => writeFileSync(env.TIDEMARK_COMMIT_STATS_FILE!, JSON.stringify(store.stats)));

interface Account { id: string; username: string; password: string; role: string; township: string | null; county: string | null; displayName: string }
const accounts = new Map<string, Account>();
const accountsById = new Map<string, Account>();
function addAccount(a: Omit<Account, 'id'>): void {
  const account = { ...a, id: randomUUID() }; // a UUID as the real accounts' ids: rows of the same size
  accounts.set(a.username, account);
  accountsById.set(account.id, account);
}
addAccount({ username: env.ADMIN_USERNAME!, password: env.ADMIN_PASSWORD!, role: 'admin', township: null, county: null, displayName: 'admin' });

const RECORD_COLUMNS = ['entity', 'id', 'township', 'version', 'fields', 'field_versions', 'field_stamps', 'server_seq', 'created_by', 'updated_by', 'origin_client', 'created_at', 'updated_at', 'deleted', 'id_hmac'];
const APPLIED_COLUMNS = ['client_id', 'seq', 'result', 'applied_at', 'user_id', 'content_hash'];

/** What one push adds to its group's transaction. */
interface Batch { tx: FloorTx; records: unknown[][]; applied: unknown[][] }

/** Pushes from their arrival to their answer: the committer waits for those on their way (SPEC I4). */
let inFlight = 0;
const committer = new GroupCommitter<Batch>(
  async (members) => {
    const values: { m: (typeof members)[number]; value: unknown }[] = [];
    try {
      await store.group(async (tx) => {
        const batch: Batch = { tx, records: [], applied: [] };
        for (const m of members) values.push({ m, value: await m.fn(batch) });
        await tx.insert('records', RECORD_COLUMNS, batch.records);
        await tx.insert('applied_changes', APPLIED_COLUMNS, batch.applied);
      });
    } catch (err) {
      for (const m of members) m.reject(err);
      return;
    }
    for (const { m, value } of values) m.resolve(value);
  },
  { maxGroups: 1, maxMembers: MAX_GROUP_MEMBERS },
);

/** The rows of one push's changes, appended to the group's batch; the answer the client checks. */
async function applyPush(batch: Batch, user: Account, deviceId: string, changes: Change[]): Promise<ChangeResult[]> {
  const at = new Date().toISOString();
  const seqs = changes.map((c) => c.seq);
  const done = new Map<number, ChangeResult>();
  for (const r of await batch.tx.applied(deviceId, Math.min(...seqs), Math.max(...seqs))) done.set(r.seq, (typeof r.result === 'string' ? JSON.parse(r.result) : r.result) as ChangeResult);
  return changes.map((c) => {
    const stored = done.get(c.seq);
    if (stored !== undefined) return stored;
    const result: ChangeResult = { seq: c.seq, id: c.id, status: 'applied', version: 1 };
    const { fieldVersions, fieldStamps } = stampFields(c.fields, 1, { at: c.changedAt, device: deviceId, account: user.id });
    const hmac = recordIdHmac(ENTITY_DEFINITIONS[c.entity]?.indexedIdNumber?.(c.fields), idHmac);
    batch.records.push([c.entity, c.id, user.township, 1, JSON.stringify(c.fields), JSON.stringify(fieldVersions), JSON.stringify(fieldStamps), ++serverSeq, user.id, user.id, deviceId, at, at, 0, hmac]);
    batch.applied.push([deviceId, c.seq, JSON.stringify(result), at, user.id, changeContentHash(c)]);
    return result;
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  const source = req.headers['content-encoding'] === 'gzip' ? req.pipe(createGunzip()) : req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    source.on('data', (c: Buffer) => chunks.push(c));
    source.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    source.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function sessionOf(req: IncomingMessage): Promise<{ user: Account; deviceId: string } | null> {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const row = token ? await store.session(hashToken(token)) : undefined;
  const user = row ? accountsById.get(row.user_id) : undefined;
  return row && user ? { user, deviceId: row.device_id } : null;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://floor');
  const route = `${req.method} ${url.pathname}`;
  if (route === 'POST /api/auth/login') {
    const body = JSON.parse(await readBody(req)) as { username: string; password: string; deviceId: string };
    const user = accounts.get(body.username);
    if (!user || user.password !== body.password) return send(res, 401, { code: 'UNAUTHENTICATED' });
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + 86_400_000).toISOString();
    await store.createSession(hashToken(token), user.id, body.deviceId, expiresAt, now.toISOString());
    const { password: _, ...shown } = user;
    return send(res, 200, { token, expiresAt, user: shown, unlockSecret: '', offlineDays: 7, serverTime: now.toISOString() });
  }
  if (route === 'POST /api/sync/push') inFlight++; // counted from arrival, as a real push holds its slot from its auth hook
  try {
    const session = await sessionOf(req);
    if (!session) return send(res, 401, { code: 'UNAUTHENTICATED' });
    if (route === 'POST /api/sync/push') {
      const push = JSON.parse(await readBody(req)) as { deviceId: string; changes: Change[] };
      const results = await committer.submit((batch) => applyPush(batch, session.user, session.deviceId, push.changes), 'first', () => inFlight);
      return send(res, 200, { results, serverTime: new Date().toISOString() });
    }
  } finally {
    if (route === 'POST /api/sync/push') inFlight--;
  }
  if (route === 'GET /api/sync/pull') {
    const since = Number(url.searchParams.get('since') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    const rows = await store.page(since, limit + 1);
    const records: PulledRecord[] = rows.slice(0, limit).map((r) => ({
      entity: r.entity as PulledRecord['entity'], id: r.id, version: r.version, serverSeq: r.server_seq, township: r.township,
      fields: (typeof r.fields === 'string' ? JSON.parse(r.fields) : r.fields) as Record<string, unknown>, updatedAt: new Date(r.updated_at).toISOString(),
    }));
    return send(res, 200, { records, cursor: records.at(-1)?.serverSeq ?? since, hasMore: rows.length > limit });
  }
  if (route === 'POST /api/admin/divisions/import') {
    await readBody(req);
    return send(res, 200, {});
  }
  if (route === 'POST /api/admin/users') {
    const body = JSON.parse(await readBody(req)) as Omit<Account, 'id'>;
    addAccount({ username: body.username, password: body.password, role: body.role, township: body.township, county: body.county, displayName: body.displayName });
    return send(res, 201, {});
  }
  send(res, 404, { code: 'NOT_FOUND' });
}

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => send(res, 500, { code: 'INTERNAL', message: String(err) }));
});
server.listen(Number(env.PORT), env.HOST ?? '127.0.0.1', () => console.log(`Tidemark is running at http://${env.HOST ?? '127.0.0.1'}:${env.PORT} (storm floor)`));
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void store.close().finally(() => process.exit(0));
});
