import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { isProvisionalCode } from '../../src/shared/rules/areas/division-code';
import { enterOfficialCode } from '../src/areas/registry';
import { resolveQueueItem } from '../src/areas/resolve-queue-item';
import { openPostgresStore } from '../src/store/postgres-store';
import { openSqliteStore } from '../src/store/sqlite-store';
import type { Store, UserRow } from '../src/store/store';
import { readableTownships } from '../src/sync/scope';
import { REPO_ROOT, databaseUrl, dropSchema, freshSchemaName } from '../../test/helpers/server-harness';

/**
 * Issue 10, "migration that loses nothing": a database written by release 1 (township NAMES; two
 * counties with a 清河镇 each; test/fixtures/release-1/make-fixture.ts) upgrades in place, on both
 * stores. Every account, record, attachment, flag and audit row is checked afterwards.
 */
const FIXTURE = join(REPO_ROOT, 'test/fixtures/release-1');
const AT = new Date('2026-07-01T00:00:00.000Z');

interface Opened {
  store: Store;
  /** Raw rows, as stored (the audit log must be exactly as release 1 wrote it). */
  raw(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function openSqliteFixture(): Promise<Opened> {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-r1-'));
  const file = join(dir, 'tidemark.sqlite');
  copyFileSync(join(FIXTURE, 'tidemark.sqlite'), file);
  const store = openSqliteStore({ file, now: () => AT });
  return {
    store,
    raw: async (sql) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare(sql).all() as Record<string, unknown>[];
      } finally {
        db.close();
      }
    },
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgresFixture(): Promise<Opened> {
  const schema = freshSchemaName();
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    await client.query(readFileSync(join(FIXTURE, 'postgres.sql'), 'utf8'));
  } finally {
    await client.end();
  }
  const store = await openPostgresStore({ connectionString: databaseUrl(), schema, poolMax: 2, now: () => AT });
  return {
    store,
    raw: async (sql) => {
      const c = new pg.Client({ connectionString: databaseUrl() });
      await c.connect();
      try {
        await c.query(`SET search_path TO "${schema}"`);
        return (await c.query(sql)).rows as Record<string, unknown>[];
      } finally {
        await c.end();
      }
    },
    close: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
}

/** The release-1 audit log as written: id, user, township name, action (fixture make-fixture.ts). */
const AUDIT_AS_WRITTEN: [number, string | null, string][] = [
  [1, null, 'login'], [2, '清河镇', 'login'], [3, '柳林乡', 'login'], [4, '清河镇', 'login'], [5, null, 'login'], [6, null, 'login'],
  [7, null, 'event.create'], [8, null, 'event.create'], [9, '清河镇', 'site.create'], [10, '柳林乡', 'site.create'],
  [11, null, 'entitlement.create'], [12, '柳林乡', 'entitlement.create'], [13, '清河镇', 'record.create'], [14, '清河镇', 'record.create'],
  [15, '清河镇', 'record.create'], [16, '清河镇', 'flag.open'], [17, '柳林乡', 'record.create'], [18, '清河镇', 'record.create'],
  [19, '清河镇', 'attachment.upload'], [20, null, 'records.list'], [21, '清河镇', 'records.list'], [22, null, 'report.relocation'],
];

describe.each([
  ['sqlite', openSqliteFixture],
  ['postgres', openPostgresFixture],
] as const)('upgrading a release-1 database (%s)', (_kind, open) => {
  let db: Opened;
  afterEach(() => db.close());

  it('turns names into provisional areas and gives every row the area of the account that wrote it', async () => {
    db = await open();
    const { store } = db;
    const divisions = await store.listDivisions();
    const county = (name: string) => divisions.find((d) => d.level === 'county' && d.name === name)!;
    const township = (countyName: string, name: string) => divisions.find((d) => d.parentCode === county(countyName).code && d.name === name)!.code;
    const AP = county('安平县').code;
    const DF = county('东丰县').code;
    const AP_QH = township('安平县', '清河镇');
    const AP_LL = township('安平县', '柳林乡');
    const DF_QH = township('东丰县', '清河镇');
    // Provisional, marked as needing the official code, in a code space no official code can take.
    expect(divisions.filter((d) => d.level === 'county' || d.level === 'township')).toHaveLength(5);
    for (const d of divisions) expect(d).toMatchObject({ provisional: true, status: 'active' });
    for (const code of [AP, DF, AP_QH, AP_LL, DF_QH]) expect(isProvisionalCode(code), code).toBe(true);
    expect(new Set([AP_QH, DF_QH]).size).toBe(2);

    // Accounts: every one, codes instead of names, nothing else changed.
    const users = new Map((await store.listUsers()).map((u) => [u.username, u]));
    expect(users.size).toBe(6);
    const area = (u: UserRow | undefined) => [u?.township, u?.county];
    expect(area(users.get('admin'))).toEqual([null, null]);
    expect(area(users.get('wang-anping-qinghe'))).toEqual([AP_QH, AP]);
    expect(area(users.get('li-anping-liulin'))).toEqual([AP_LL, AP]);
    expect(area(users.get('zhao-dongfeng-qinghe'))).toEqual([DF_QH, DF]);
    expect(area(users.get('sup-anping'))).toEqual([null, AP]);
    expect(area(users.get('sup-dongfeng'))).toEqual([null, DF]);
    expect(users.get('wang-anping-qinghe')).toMatchObject({ role: 'worker', displayName: 'wang-anping-qinghe', disabled: false });

    // Records: every one kept; the area of its writer; fields untouched except where they named a township.
    const records = await store.listRecords({ townships: null, limit: 100 });
    const byId = new Map(records.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(
      ['ent-county-wide', 'ent-liulin', 'event-flood', 'event-liulin', 'hh-ap-ll-1', 'hh-ap-qh-1', 'hh-ap-qh-2', 'hh-df-qh-1', 'rl-ap-qh-1', 'site-liulin', 'site-qinghe', byId.get('hh-ap-qh-1') && records.find((r) => r.entity === 'flag')!.id].sort(),
    );
    const t = (id: string) => byId.get(id)!.township;
    expect([t('hh-ap-qh-1'), t('hh-ap-qh-2'), t('rl-ap-qh-1')]).toEqual([AP_QH, AP_QH, AP_QH]);
    expect(t('hh-ap-ll-1')).toBe(AP_LL);
    expect(t('hh-df-qh-1')).toBe(DF_QH);
    expect(byId.get('hh-df-qh-1')!.fields).toMatchObject({ id: 'hh-df-qh-1', origin: { village: '河西村', group: '一组' }, membersCount: 3 });
    expect(byId.get('hh-ap-qh-1')!.idHmac).toMatch(/^[0-9a-f]{64}$/);
    expect(byId.get('site-liulin')).toMatchObject({ township: AP_LL, version: 2, fields: { township: AP_LL, name: '柳林乡帐篷安置点' } });
    expect(byId.get('ent-liulin')).toMatchObject({ township: AP_LL, fields: { township: AP_LL } });
    expect(byId.get('ent-county-wide')).toMatchObject({ township: null, version: 1, fields: { township: null } });
    expect(byId.get('event-liulin')!.fields.townships).toEqual([AP_LL]);
    // Not guessed: 清河镇 typed by the administrator is in two counties. Left as written, queued.
    expect(byId.get('site-qinghe')).toMatchObject({ township: '清河镇', fields: { township: '清河镇' } });
    expect(byId.get('event-flood')!.fields.townships).toEqual(['清河镇', AP_LL]);
    const flag = records.find((r) => r.entity === 'flag')!;
    expect(flag).toMatchObject({ township: AP_QH, fields: { townships: [AP_QH], recordIds: ['hh-ap-qh-1', 'hh-ap-qh-2'], status: 'open' } });
    // Changed records moved to the end of the pull cursor, in their old order: tablets pull them again.
    const seqs = records.map((r) => r.serverSeq);
    expect(new Set(seqs).size).toBe(seqs.length);

    const attachments = await db.raw('SELECT sha256, township FROM attachments');
    expect(attachments.map((a) => a.township)).toEqual([AP_QH]);

    // The audit log is exactly as written (never rewritten) and every row is read with its area.
    const raw = await db.raw('SELECT id, township, action FROM audit_log ORDER BY id');
    expect(raw.map((r) => [Number(r.id), r.township, r.action])).toEqual(AUDIT_AS_WRITTEN.map(([id, township, action]) => [id, township, action]));
    const audit = new Map((await store.listAudit({ limit: 100 })).map((e) => [e.id, e.township]));
    expect(audit.size).toBe(22);
    expect([2, 13, 14, 15, 16, 19].map((id) => audit.get(id))).toEqual([AP_QH, AP_QH, AP_QH, AP_QH, AP_QH, AP_QH]);
    expect([3, 10, 12, 17].map((id) => audit.get(id))).toEqual([AP_LL, AP_LL, AP_LL, AP_LL]);
    expect([4, 18].map((id) => audit.get(id))).toEqual([DF_QH, DF_QH]);
    expect([9, 21].map((id) => audit.get(id))).toEqual(['清河镇', '清河镇']); // queued: the administrator's 清河镇
    expect((await store.listAudit({ townships: [DF_QH], limit: 100 })).map((e) => e.id)).toEqual([18, 4]);

    // The administrator's queue: exactly what could not be assigned, with the candidates.
    const queue = await store.listAreaQueue({ open: true });
    expect(queue.map((q) => [q.kind, q.recordId ?? q.auditId, q.position, q.writtenTownship, q.candidates])).toEqual([
      ['event-township', 'event-flood', 0, '清河镇', [AP_QH, DF_QH].sort()],
      ['record', 'site-qinghe', null, '清河镇', [AP_QH, DF_QH].sort()],
      ['audit', 9, null, '清河镇', [AP_QH, DF_QH].sort()],
      ['audit', 21, null, '清河镇', [AP_QH, DF_QH].sort()],
    ]);

    // Scope comes from the registry: 安平县's supervisor reads its two townships, never 东丰县's 清河镇.
    expect(await readableTownships(store, users.get('sup-anping')!)).toEqual([AP_LL, AP_QH].sort());
    expect(await readableTownships(store, users.get('zhao-dongfeng-qinghe')!)).toEqual([DF_QH]);
  });

  it('the administrator settles the queue and enters official codes: nothing is re-keyed, scope follows the successor', async () => {
    db = await open();
    const { store } = db;
    const clock = () => AT;
    const ctx = { store, clock };
    const divisions = await store.listDivisions();
    const AP = divisions.find((d) => d.level === 'county' && d.name === '安平县')!.code;
    const AP_QH = divisions.find((d) => d.parentCode === AP && d.name === '清河镇')!.code;
    const admin = (await store.getUserByUsername('admin'))!;
    const by = { userId: admin.id, deviceId: null };
    for (const item of await store.listAreaQueue({ open: true })) await resolveQueueItem(ctx, item.id, AP_QH, by);
    expect(await store.listAreaQueue({ open: true })).toEqual([]);
    expect(await store.getRecord('site', 'site-qinghe')).toMatchObject({ township: AP_QH, fields: { township: AP_QH } });
    expect(((await store.getRecord('event', 'event-flood'))!.fields.townships as string[])[0]).toBe(AP_QH);
    expect((await store.listAudit({ townships: [AP_QH], limit: 100 })).map((e) => e.id)).toEqual(expect.arrayContaining([9, 21]));
    await expect(resolveQueueItem(ctx, 1, AP_QH, by)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });

    // Official codes arrive: province, city, county added; the provisional county and township succeeded.
    await store.addDivisions([
      { code: '130000000000', name: '河北省', level: 'province', parentCode: null, provisional: false, at: AT.toISOString() },
      { code: '131100000000', name: '衡水市', level: 'city', parentCode: '130000000000', provisional: false, at: AT.toISOString() },
      { code: '131125000000', name: '安平县', level: 'county', parentCode: '131100000000', provisional: false, at: AT.toISOString() },
    ]);
    await enterOfficialCode(ctx, AP, { code: '131125000000' }, by);
    const { official } = await enterOfficialCode(ctx, AP_QH, { code: '131125100000' }, by);
    expect(official).toMatchObject({ code: '131125100000', name: '清河镇', parentCode: '131125000000', provisional: false });
    expect(await store.getDivision(AP_QH)).toMatchObject({ status: 'retired', successorCode: '131125100000' });
    // Nothing re-keyed: the records keep the provisional code; both the account still bound to the
    // provisional county and one bound to the official county read them.
    expect((await store.getRecord('household', 'hh-ap-qh-1'))!.township).toBe(AP_QH);
    const sup = (await store.getUserByUsername('sup-anping'))!;
    const readable = await readableTownships(store, sup);
    expect(readable).toEqual(expect.arrayContaining([AP_QH, '131125100000']));
    expect(await readableTownships(store, { ...sup, county: '131125000000' })).toEqual(readable);
    expect(readable).not.toContain(divisions.find((d) => d.name === '清河镇' && d.parentCode !== AP)!.code);
  });
});
