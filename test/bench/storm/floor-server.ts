/**
 * The reconnect storm's FLOOR (issue 14, ninth session): a server doing only the irreducible work of a
 * storm push, so the real server's storm time can be read against what any server must spend on this
 * machine. Started like the real one (startServerProcess's PORT, HOST, DATA_DIR, ADMIN_*; the same line
 * on stdout) on the file startServerProcess migrated with the real migrations, so the records and
 * applied_changes tables carry the real columns and indexes.
 *
 * Per push: the session by token (one indexed read), the body through an async gunzip stream (as
 * http/gzip-body.ts), JSON.parse, the (client, seq) range already applied (one indexed read: a reset
 * connection's replay must not store twice, SPEC P2), then each change's records row (same values the
 * real server writes for a create: fields, field versions and stamps, id HMAC, server_seq) and its
 * applied_changes row (result, user, content hash), multi-row inserts, in one transaction per group of
 * pushes gathered by the real server's GroupCommitter (SPEC I4). WAL, synchronous=FULL.
 * Not done, on purpose: validation, merge, audit rows, person keys, flags, counting, push slots.
 * Accounts live in memory (foreign keys off): logins and account creation are outside the storm's window.
 * Not a server to run: no limits, no checks beyond the token.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import Database from 'better-sqlite3';
import type { Change, ChangeResult, PulledRecord } from '../../../src/shared/protocol/messages';
import { stampFields } from '../../../src/shared/rules/stamp-fields';
import { ENTITY_DEFINITIONS } from '../../../src/shared/schema/registry';
import { hashToken } from '../../../sync-server/src/auth/tokens';
import { GroupCommitter } from '../../../sync-server/src/store/group-commit';
import { SQLITE_FILE_NAME } from '../../../sync-server/src/store/open-store';
import { changeContentHash } from '../../../sync-server/src/sync/content-hash';
import { makeIdHmac, recordIdHmac } from '../../../sync-server/src/sync/id-hmac';

/** As the real SQLite store (sqlite-store.ts MAX_GROUP_MEMBERS) and its chunk of multi-row inserts. */
const MAX_GROUP_MEMBERS = 64;
const ROWS_PER_INSERT = 500;

const env = process.env;
const db = new Database(join(env.DATA_DIR!, SQLITE_FILE_NAME));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = OFF'); // sessions name accounts kept in memory (see above)

const idHmac = makeIdHmac((db.prepare(`SELECT value FROM server_secrets WHERE name = 'id_hmac'`).get() as { value: string }).value);
let serverSeq = (db.prepare('SELECT COALESCE(MAX(server_seq), 0) AS s FROM records').get() as { s: number }).s;
const stats = { commits: 0, transactions: 0, commitMs: 0 };
if (env.TIDEMARK_COMMIT_STATS_FILE) process.on('SIGUSR2', () => writeFileSync(env.TIDEMARK_COMMIT_STATS_FILE!, JSON.stringify(stats)));

interface Account { id: string; username: string; password: string; role: string; township: string | null; county: string | null; displayName: string }
const accounts = new Map<string, Account>();
const accountsById = new Map<string, Account>();
function addAccount(a: Omit<Account, 'id'>): void {
  const account = { ...a, id: randomUUID() }; // a UUID as the real accounts' ids: rows of the same size
  accounts.set(a.username, account);
  accountsById.set(account.id, account);
}
addAccount({ username: env.ADMIN_USERNAME!, password: env.ADMIN_PASSWORD!, role: 'admin', township: null, county: null, displayName: 'admin' });

const selectSession = db.prepare('SELECT user_id, device_id FROM sessions WHERE token_hash = ?');
const insertSession = db.prepare('INSERT INTO sessions (token_hash, user_id, device_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?)');
const selectApplied = db.prepare('SELECT seq, result FROM applied_changes WHERE client_id = ? AND seq BETWEEN ? AND ?');
const selectPage = db.prepare('SELECT entity, id, version, server_seq, township, fields, updated_at FROM records WHERE server_seq > ? ORDER BY server_seq LIMIT ?');

const RECORD_COLUMNS = ['entity', 'id', 'township', 'version', 'fields', 'field_versions', 'field_stamps', 'server_seq', 'created_by', 'updated_by', 'origin_client', 'created_at', 'updated_at', 'deleted', 'id_hmac'];
const APPLIED_COLUMNS = ['client_id', 'seq', 'result', 'applied_at', 'user_id', 'content_hash'];
/** One prepared multi-row INSERT per table and row count, as the real store caches them. */
const inserts = new Map<string, Database.Statement>();
function insertRows(table: string, columns: string[], rows: unknown[][]): void {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    const key = `${table}:${chunk.length}`;
    let st = inserts.get(key);
    if (!st) {
      const one = `(${columns.map(() => '?').join(', ')})`;
      inserts.set(key, (st = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(chunk.length).fill(one).join(', ')}`)));
    }
    st.run(chunk.flat());
  }
}

/** What one push adds to its group's transaction. */
interface Batch { records: unknown[][]; applied: unknown[][] }

/** Pushes from their arrival to their answer: the committer waits for those on their way (SPEC I4). */
let inFlight = 0;
const committer = new GroupCommitter<Batch>(
  async (members) => {
    const batch: Batch = { records: [], applied: [] };
    db.exec('BEGIN IMMEDIATE');
    const values: { m: (typeof members)[number]; value: unknown }[] = [];
    try {
      for (const m of members) values.push({ m, value: await m.fn(batch) });
      insertRows('records', RECORD_COLUMNS, batch.records);
      insertRows('applied_changes', APPLIED_COLUMNS, batch.applied);
      const t = performance.now();
      db.exec('COMMIT');
      stats.commitMs += performance.now() - t;
      stats.commits++;
      stats.transactions++;
    } catch (err) {
      db.exec('ROLLBACK');
      for (const m of members) m.reject(err);
      return;
    }
    for (const { m, value } of values) m.resolve(value);
  },
  { maxGroups: 1, maxMembers: MAX_GROUP_MEMBERS },
);

/** The rows of one push's changes, appended to the group's batch; the answer the client checks. */
function applyPush(batch: Batch, user: Account, deviceId: string, changes: Change[]): ChangeResult[] {
  const at = new Date().toISOString();
  const seqs = changes.map((c) => c.seq);
  const done = new Map<number, string>();
  for (const r of selectApplied.all(deviceId, Math.min(...seqs), Math.max(...seqs)) as { seq: number; result: string }[]) done.set(r.seq, r.result);
  return changes.map((c) => {
    const stored = done.get(c.seq);
    if (stored !== undefined) return JSON.parse(stored) as ChangeResult;
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

function sessionOf(req: IncomingMessage): { user: Account; deviceId: string } | null {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const row = token ? (selectSession.get(hashToken(token)) as { user_id: string; device_id: string } | undefined) : undefined;
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
    insertSession.run(hashToken(token), user.id, body.deviceId, expiresAt, now.toISOString());
    const { password: _, ...shown } = user;
    return send(res, 200, { token, expiresAt, user: shown, unlockSecret: '', offlineDays: 7, serverTime: now.toISOString() });
  }
  const session = sessionOf(req);
  if (!session) return send(res, 401, { code: 'UNAUTHENTICATED' });
  if (route === 'POST /api/sync/push') {
    inFlight++;
    try {
      const push = JSON.parse(await readBody(req)) as { deviceId: string; changes: Change[] };
      const results = await committer.submit((batch) => Promise.resolve(applyPush(batch, session.user, session.deviceId, push.changes)), 'first', () => inFlight);
      return send(res, 200, { results, serverTime: new Date().toISOString() });
    } finally {
      inFlight--;
    }
  }
  if (route === 'GET /api/sync/pull') {
    const since = Number(url.searchParams.get('since') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    const rows = selectPage.all(since, limit + 1) as { entity: PulledRecord['entity']; id: string; version: number; server_seq: number; township: string | null; fields: string; updated_at: string }[];
    const records: PulledRecord[] = rows.slice(0, limit).map((r) => ({ entity: r.entity, id: r.id, version: r.version, serverSeq: r.server_seq, township: r.township, fields: JSON.parse(r.fields) as Record<string, unknown>, updatedAt: r.updated_at }));
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
  db.close();
  process.exit(0);
});
