/**
 * The one contract every Store implementation passes (STYLE habit 7): run by sqlite-store.test.ts and
 * postgres-store.test.ts. Rule ids in test names refer to src/shared/protocol/SPEC.md.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeResult } from '../../src/shared/protocol/messages';
import { LastAdminError, StoreConflictError, type RecordWrite, type Store, type UserRow } from '../../sync-server/src/store/store';
import type { StoreKind, TempStore } from '../helpers/server-harness';
import { defineDivisionContract } from './division-contract';

export interface StoreContractTarget {
  kind: StoreKind;
  /** A new, migrated, empty store. */
  create(): Promise<TempStore>;
  /** A second store on the same data: a restart, or a second server process. */
  openAgain(location: string): Promise<Store>;
  /** Runs raw SQL on the data (to prove what the interface must refuse). */
  rawExec(location: string, sql: string): Promise<void>;
}

const AT = '2026-06-20T08:00:00.000Z';

function user(n: number, patch: Partial<UserRow> = {}): UserRow {
  return {
    id: `user-${n}`, username: `user${n}`, displayName: `用户${n}`, role: 'worker', township: '清河镇', county: '安平县',
    passwordHash: 'scrypt$1024$8$1$salt$hash', unlockSecret: `secret-${n}`, disabled: false, createdAt: AT, ...patch,
  };
}

function rec(id: string, patch: Partial<RecordWrite> = {}): RecordWrite {
  return {
    entity: 'household', id, township: '清河镇', version: 1,
    fields: { id, head: { name: '王芳' }, notes: '河东村 "quoted" \\ back' },
    fieldVersions: { id: 1, head: 1, notes: 1 },
    fieldStamps: { id: { at: AT, device: 'dev-1' } },
    createdBy: 'user-1', updatedBy: 'user-1', originClient: 'dev-1', updatedAt: AT, deleted: false, idHmac: null, ...patch,
  };
}

const put = (store: Store, r: RecordWrite) => store.transaction((tx) => tx.putRecord(r));

export function defineStoreContract(target: StoreContractTarget): void {
  describe(`${target.kind} store contract`, () => {
    let temp: TempStore;
    let store: Store;
    const others: Store[] = [];

    beforeEach(async () => {
      temp = await target.create();
      store = temp.store;
    });
    afterEach(async () => {
      for (const s of others.splice(0)) await s.close().catch(() => undefined);
      await temp.cleanup();
    });

    describe('set-up', () => {
      it('is migrated, answers ping, and holds a 256-bit id_hmac secret', async () => {
        await store.ping();
        expect(store.kind).toBe(target.kind);
        expect(await store.getServerSecret('id_hmac')).toMatch(/^[0-9a-f]{60,64}$/);
        await expect(store.getServerSecret('nope')).rejects.toThrow();
      });

      it('opening the same data again migrates nothing and keeps data and secret', async () => {
        await store.createUser(user(1));
        const secret = await store.getServerSecret('id_hmac');
        const again = await target.openAgain(temp.location);
        others.push(again);
        expect(await again.getServerSecret('id_hmac')).toBe(secret);
        expect((await again.getUserByUsername('user1'))?.id).toBe('user-1');
      });
    });

    describe('users', () => {
      it('creates, reads by id and name, and refuses a taken user name', async () => {
        const created = await store.createUser(user(1));
        expect(created).toEqual(user(1));
        expect(await store.getUserById('user-1')).toEqual(user(1));
        expect(await store.getUserByUsername('user1')).toEqual(user(1));
        expect(await store.getUserByUsername('nobody')).toBeNull();
        await expect(store.createUser(user(2, { username: 'user1' }))).rejects.toBeInstanceOf(StoreConflictError);
        expect(await store.countUsers()).toBe(1);
      });

      it('lists by county and updates only the given fields', async () => {
        await store.createUser(user(1));
        await store.createUser(user(2, { township: '柳林乡' }));
        await store.createUser(user(3, { township: '远山镇', county: '别县' }));
        await store.createUser(user(4, { role: 'supervisor', township: null }));
        expect((await store.listUsers()).map((u) => u.username)).toEqual(['user1', 'user2', 'user3', 'user4']);
        expect((await store.listUsers({ county: '安平县' })).map((u) => u.username)).toEqual(['user1', 'user2', 'user4']);
        const updated = await store.updateUser('user-2', { disabled: true, displayName: '新名' });
        expect(updated).toEqual({ ...user(2, { township: '柳林乡' }), disabled: true, displayName: '新名' });
        expect(await store.updateUser('missing', { disabled: true })).toBeNull();
      });
    });

    describe('devices and sessions', () => {
      it('[A4] registers a device, never moves it to another account, keeps revoked and name', async () => {
        await store.createUser(user(1));
        await store.createUser(user(2));
        expect(await store.upsertDevice({ id: 'dev-1', userId: 'user-1', name: '平板一', lastSeen: AT })).toEqual({
          id: 'dev-1', userId: 'user-1', name: '平板一', revoked: false, lastSeen: AT,
        });
        expect(await store.setDeviceRevoked('dev-1', true)).toBe(true);
        const later = '2026-06-21T08:00:00.000Z';
        // Issue 10 finding 3: this used to move dev-1 to user-2.
        expect(await store.upsertDevice({ id: 'dev-1', userId: 'user-2', name: null, lastSeen: later })).toEqual({
          id: 'dev-1', userId: 'user-1', name: '平板一', revoked: true, lastSeen: AT,
        });
        expect(await store.upsertDevice({ id: 'dev-1', userId: 'user-1', name: null, lastSeen: later })).toEqual({
          id: 'dev-1', userId: 'user-1', name: '平板一', revoked: true, lastSeen: later,
        });
        expect(await store.setDeviceRevoked('nope', true)).toBe(false);
        await store.touchDevice('dev-1', '2026-06-22T08:00:00.000Z');
        expect((await store.getDevice('dev-1'))?.lastSeen).toBe('2026-06-22T08:00:00.000Z');
        expect(await store.listDevices({ userIds: ['user-1'] })).toHaveLength(1);
        expect(await store.listDevices({ userIds: [] })).toEqual([]);
        expect(await store.listDevices()).toHaveLength(1);
      });

      it('[A4][A5] binds a client id to its first account only; moves a session to another id', async () => {
        await store.createUser(user(1));
        await store.createUser(user(2));
        const bind = (userId: string, lastSeen: string, tabletId: string | null = null) =>
          store.bindClient({ id: 'client-1', userId, name: '平板一', tabletId, lastSeen });
        expect(await bind('user-1', AT, 'tablet-1')).toEqual({
          bound: true, device: { id: 'client-1', userId: 'user-1', name: '平板一', revoked: false, lastSeen: AT, tabletId: 'tablet-1' },
        });
        const later = '2026-06-21T08:00:00.000Z';
        expect(await bind('user-2', later)).toEqual({
          bound: false, device: { id: 'client-1', userId: 'user-1', name: '平板一', revoked: false, lastSeen: AT, tabletId: 'tablet-1' },
        });
        expect(await bind('user-1', later)).toMatchObject({ bound: true, device: { lastSeen: later, tabletId: 'tablet-1' } });
        await store.bindClient({ id: 'client-2', userId: 'user-1', name: null, tabletId: null, lastSeen: AT });
        const s = { tokenHash: 'c'.repeat(64), userId: 'user-1', deviceId: 'client-1', expiresAt: later, createdAt: AT };
        await store.createSession(s);
        await store.moveSession(s.tokenHash, 'client-2');
        expect(await store.getSession(s.tokenHash)).toEqual({ ...s, deviceId: 'client-2' });
      });

      it('stores sessions by token hash and deletes expired ones', async () => {
        await store.createUser(user(1));
        await store.upsertDevice({ id: 'dev-1', userId: 'user-1', name: null, lastSeen: AT });
        const s = (h: string, expiresAt: string) => ({ tokenHash: h, userId: 'user-1', deviceId: 'dev-1', expiresAt, createdAt: AT });
        await store.createSession(s('a'.repeat(64), '2026-06-20T09:00:00.000Z'));
        await store.createSession(s('b'.repeat(64), '2026-06-20T20:00:00.000Z'));
        expect(await store.getSession('a'.repeat(64))).toEqual(s('a'.repeat(64), '2026-06-20T09:00:00.000Z'));
        expect(await store.deleteExpiredSessions('2026-06-20T10:00:00.000Z')).toBe(1);
        expect(await store.getSession('a'.repeat(64))).toBeNull();
        await store.deleteSession('b'.repeat(64));
        expect(await store.getSession('b'.repeat(64))).toBeNull();
      });
    });

    describe('accounts (issue 10 §7)', () => {
      const session = (h: string, userId: string, deviceId: string) => ({ tokenHash: h.repeat(64), userId, deviceId, expiresAt: '2026-06-21T08:00:00.000Z', createdAt: AT });
      const LATER = '2026-06-25T08:00:00.000Z';

      it('[A7] deletes every session of one account, on every device, and no other', async () => {
        await store.createUser(user(1));
        await store.createUser(user(2));
        await store.upsertDevice({ id: 'dev-1', userId: 'user-1', name: null, lastSeen: AT });
        await store.upsertDevice({ id: 'dev-2', userId: 'user-1', name: null, lastSeen: AT });
        await store.upsertDevice({ id: 'dev-3', userId: 'user-2', name: null, lastSeen: AT });
        await store.createSession(session('a', 'user-1', 'dev-1'));
        await store.createSession(session('b', 'user-1', 'dev-2'));
        await store.createSession(session('c', 'user-2', 'dev-3'));
        expect(await store.deleteUserSessions('user-1')).toBe(2);
        expect(await store.getSession('a'.repeat(64))).toBeNull();
        expect(await store.getSession('b'.repeat(64))).toBeNull();
        expect(await store.getSession('c'.repeat(64))).not.toBeNull();
        expect(await store.deleteUserSessions('user-1')).toBe(0);
      });

      it('[A7][A8] changes an account in one step: the area history gains a row, the sessions end', async () => {
        await store.createUser(user(1));
        await store.upsertDevice({ id: 'dev-1', userId: 'user-1', name: null, lastSeen: AT });
        await store.createSession(session('a', 'user-1', 'dev-1'));
        expect(await store.listAccountAreas('user-1')).toEqual([{ userId: 'user-1', role: 'worker', township: '清河镇', county: '安平县', from: AT, until: null }]);

        const named = await store.changeAccount('user-1', { patch: { displayName: '王芳芳' }, at: LATER, endSessions: false, keepAnAdmin: false });
        expect(named).toEqual({ user: { ...user(1), displayName: '王芳芳' }, endedSessions: 0 });
        expect(await store.listAccountAreas('user-1')).toHaveLength(1); // a name is not an area
        expect(await store.getSession('a'.repeat(64))).not.toBeNull();

        const moved = await store.changeAccount('user-1', { patch: { township: '柳林乡' }, at: LATER, endSessions: true, keepAnAdmin: false });
        expect(moved).toEqual({ user: { ...user(1), displayName: '王芳芳', township: '柳林乡' }, endedSessions: 1 });
        expect(await store.getSession('a'.repeat(64))).toBeNull();
        expect(await store.listAccountAreas('user-1')).toEqual([
          { userId: 'user-1', role: 'worker', township: '清河镇', county: '安平县', from: AT, until: LATER },
          { userId: 'user-1', role: 'worker', township: '柳林乡', county: '安平县', from: LATER, until: null },
        ]);
        expect(await store.changeAccount('missing', { patch: { role: 'admin' }, at: LATER, endSessions: true, keepAnAdmin: true })).toBeNull();
      });

      it('migration 005 gives every account made before it its area since it was created', async () => {
        await store.createUser(user(1));
        await store.createUser(user(2, { role: 'supervisor', township: null, createdAt: '2026-06-01T00:00:00.000Z' }));
        // Back to the schema before 005, with the accounts in place: the next start applies it again.
        await target.rawExec(temp.location, 'DROP TABLE account_areas; DROP INDEX sessions_user; DELETE FROM schema_migrations WHERE version = 5;');
        const again = await target.openAgain(temp.location);
        others.push(again);
        expect(await again.listAccountAreas('user-1')).toEqual([{ userId: 'user-1', role: 'worker', township: '清河镇', county: '安平县', from: AT, until: null }]);
        expect(await again.listAccountAreas('user-2')).toEqual([
          { userId: 'user-2', role: 'supervisor', township: null, county: '安平县', from: '2026-06-01T00:00:00.000Z', until: null },
        ]);
      });

      it('refuses a change that leaves no enabled administrator, and writes nothing of it', async () => {
        await store.createUser(user(1, { role: 'admin', township: null, county: null }));
        await store.createUser(user(2, { role: 'admin', township: null, county: null }));
        await store.upsertDevice({ id: 'dev-1', userId: 'user-1', name: null, lastSeen: AT });
        await store.createSession(session('a', 'user-1', 'dev-1'));
        await store.changeAccount('user-2', { patch: { disabled: true }, at: LATER, endSessions: true, keepAnAdmin: true });
        await expect(
          store.changeAccount('user-1', { patch: { role: 'worker', township: '清河镇' }, at: LATER, endSessions: true, keepAnAdmin: true }),
        ).rejects.toBeInstanceOf(LastAdminError);
        expect(await store.getUserById('user-1')).toMatchObject({ role: 'admin', township: null });
        expect(await store.getSession('a'.repeat(64))).not.toBeNull();
        expect(await store.listAccountAreas('user-1')).toHaveLength(1);
        // Another administrator enabled again: now the first one may step down.
        await store.changeAccount('user-2', { patch: { disabled: false }, at: LATER, endSessions: false, keepAnAdmin: true });
        expect((await store.changeAccount('user-1', { patch: { role: 'worker', township: '清河镇' }, at: LATER, endSessions: true, keepAnAdmin: true }))?.user.role).toBe('worker');
      });
    });

    describe('records', () => {
      it('[L2] gives every write a strictly increasing serverSeq, updates included', async () => {
        const a1 = await put(store, rec('rec-aaaa'));
        const b1 = await put(store, rec('rec-bbbb'));
        const a2 = await put(store, rec('rec-aaaa', { version: 2, fields: { id: 'rec-aaaa', notes: '改' }, updatedBy: 'user-2', createdBy: 'user-9' }));
        expect(b1.serverSeq).toBeGreaterThan(a1.serverSeq);
        expect(a2.serverSeq).toBeGreaterThan(b1.serverSeq);
        const stored = await store.getRecord('household', 'rec-aaaa');
        // createdBy and createdAt belong to the first write.
        expect(stored).toEqual({ ...rec('rec-aaaa', { version: 2, fields: { id: 'rec-aaaa', notes: '改' }, updatedBy: 'user-2' }), serverSeq: a2.serverSeq, createdAt: AT });
        expect(await store.getRecord('household', 'missing')).toBeNull();
      });

      it('round-trips fields, versions and stamps exactly', async () => {
        const fields = { id: 'rec-json', n: 1.5, zero: 0, nested: { list: [1, '二', null, { deep: true }] }, empty: {}, s: '汉字 😀 "q" \\' };
        await put(store, rec('rec-json', { fields, fieldVersions: { n: 3 }, fieldStamps: { n: { at: AT, device: 'd' } }, idHmac: 'f'.repeat(64) }));
        const r = await store.getRecord('household', 'rec-json');
        expect(r?.fields).toEqual(fields);
        expect(r?.fieldVersions).toEqual({ n: 3 });
        expect(r?.fieldStamps).toEqual({ n: { at: AT, device: 'd' } });
        expect(await store.findRecordsByIdHmac('f'.repeat(64))).toHaveLength(1);
        expect(await store.findRecordsByIdHmac('0'.repeat(64))).toEqual([]);
      });

      it('[P4] a transaction that fails leaves nothing behind', async () => {
        const result: ChangeResult = { seq: 1, id: 'rec-fail', status: 'applied', version: 1 };
        await expect(
          store.transaction(async (tx) => {
            await tx.putRecord(rec('rec-fail'));
            await tx.recordApplied('dev-1', 1, result, AT);
            await tx.appendAudit({ at: AT, userId: null, deviceId: 'dev-1', township: null, action: 'record.create' });
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await store.getRecord('household', 'rec-fail')).toBeNull();
        expect(await store.countAppliedChanges()).toBe(0);
        expect(await store.listAudit({ limit: 10 })).toEqual([]);
        // And the store is usable afterwards.
        await put(store, rec('rec-after'));
        expect(await store.getRecord('household', 'rec-after')).not.toBeNull();
      });

      it('[P2] (clientId, seq) is marked once; the stored result is returned as given', async () => {
        const result: ChangeResult = { seq: 7, id: 'rec-x', status: 'rejected', code: 'CHANGE_INVALID', issues: [{ path: 'head.idNumber', message: 'id.checkChar' }] };
        expect(await store.transaction((tx) => tx.recordApplied('dev-1', 7, result, AT))).toBe(true);
        expect(await store.transaction((tx) => tx.recordApplied('dev-1', 7, { ...result, status: 'applied' }, AT))).toBe(false);
        expect(await store.transaction((tx) => tx.getAppliedResult('dev-1', 7))).toEqual(result);
        expect(await store.transaction((tx) => tx.getAppliedResult('dev-2', 7))).toBeNull();
        expect(await store.transaction((tx) => tx.recordApplied('dev-2', 7, result, AT))).toBe(true);
        expect(await store.countAppliedChanges()).toBe(2);
        expect(await store.countAppliedChanges('dev-1')).toBe(1);
      });

      it('[P8] keeps the writing account and content hash of a mark; marks without them read as null', async () => {
        const result: ChangeResult = { seq: 3, id: 'rec-y', status: 'applied', version: 1 };
        const mark = { userId: 'user-1', contentHash: 'a'.repeat(64) };
        expect(await store.transaction((tx) => tx.recordApplied('dev-1', 3, result, AT, mark))).toBe(true);
        expect(await store.transaction((tx) => tx.getAppliedChange('dev-1', 3))).toEqual({ result, ...mark });
        await store.transaction((tx) => tx.recordApplied('dev-1', 4, { ...result, seq: 4 }, AT));
        expect(await store.transaction((tx) => tx.getAppliedChange('dev-1', 4))).toEqual({ result: { ...result, seq: 4 }, userId: null, contentHash: null });
        expect(await store.transaction((tx) => tx.getAppliedChange('dev-1', 5))).toBeNull();
      });

      it('runs concurrent transactions one after another (no lost update)', async () => {
        await put(store, rec('rec-counter', { fields: { n: 0 } }));
        await Promise.all(
          Array.from({ length: 12 }, () =>
            store.transaction(async (tx) => {
              const r = (await tx.getRecord('household', 'rec-counter'))!;
              await tx.putRecord(rec('rec-counter', { version: r.version + 1, fields: { n: (r.fields.n as number) + 1 } }));
            }),
          ),
        );
        const r = await store.getRecord('household', 'rec-counter');
        expect(r?.fields.n).toBe(12);
        expect(r?.version).toBe(13);
      });

      it('[L1] pulls by cursor within a scope: own townships and records with no township', async () => {
        await put(store, rec('rec-mine1'));
        await put(store, rec('rec-other', { township: '柳林乡' }));
        await put(store, rec('evt-00001', { entity: 'event', township: null }));
        await put(store, rec('rec-mine2'));
        const scope = { kind: 'townships' as const, townships: ['清河镇'] };
        const all = await store.pullRecords({ since: 0, limit: 100, scope });
        expect(all.map((r) => r.id)).toEqual(['rec-mine1', 'evt-00001', 'rec-mine2']);
        const page = await store.pullRecords({ since: 0, limit: 2, scope });
        expect(page.map((r) => r.id)).toEqual(['rec-mine1', 'evt-00001']);
        const next = await store.pullRecords({ since: page[1]!.serverSeq, limit: 2, scope });
        expect(next.map((r) => r.id)).toEqual(['rec-mine2']);
        expect((await store.pullRecords({ since: 0, limit: 100, scope: { kind: 'townships', townships: [] } })).map((r) => r.id)).toEqual(['evt-00001']);
        expect(await store.pullRecords({ since: 0, limit: 100, scope: { kind: 'all' } })).toHaveLength(4);
      });

      it('lists records by entity, townships and cursor', async () => {
        await put(store, rec('rec-mine1'));
        await put(store, rec('rec-other', { township: '柳林乡' }));
        await put(store, rec('evt-00001', { entity: 'event', township: null }));
        const ids = async (q: Parameters<Store['listRecords']>[0]) => (await store.listRecords(q)).map((r) => r.id);
        expect(await ids({ townships: null, limit: 10 })).toEqual(['rec-mine1', 'rec-other', 'evt-00001']);
        expect(await ids({ entity: 'household', townships: null, limit: 10 })).toEqual(['rec-mine1', 'rec-other']);
        expect(await ids({ townships: ['柳林乡'], limit: 10 })).toEqual(['rec-other']);
        expect(await ids({ townships: ['柳林乡'], includeNoTownship: true, limit: 10 })).toEqual(['rec-other', 'evt-00001']);
        expect(await ids({ townships: [], limit: 10 })).toEqual([]);
        const first = (await store.listRecords({ townships: null, limit: 1 }))[0]!;
        expect(await ids({ townships: null, afterSeq: first.serverSeq, limit: 1 })).toEqual(['rec-other']);
      });

      it('indexes every person a record names by HMAC, replacing a record’s keys as a whole (issue 13 item 2)', async () => {
        const [a, b, c] = ['a', 'b', 'c'].map((x) => x.repeat(64)) as [string, string, string];
        await put(store, rec('rec-head-a', { idHmac: a }));
        await put(store, rec('rec-other2', { idHmac: c }));
        await store.replacePersonKeys('household', 'rec-head-a', [a, b, b]);
        await store.replacePersonKeys('household', 'rec-other2', [c, b]);
        const ids = async (h: string) => (await store.findRecordsByPersonKey(h)).map((r) => r.id);
        expect(await ids(b)).toEqual(['rec-head-a', 'rec-other2']);
        expect((await store.findRecordsByPersonKey(a))[0]).toMatchObject({ id: 'rec-head-a', entity: 'household', idHmac: a, fields: { head: { name: '王芳' } } });
        // A member removed from the record: its key goes; replaying the same keys changes nothing.
        await store.replacePersonKeys('household', 'rec-other2', [c]);
        await store.replacePersonKeys('household', 'rec-other2', [c]);
        expect(await ids(b)).toEqual(['rec-head-a']);
        expect(await ids(c)).toEqual(['rec-other2']);
        await store.replacePersonKeys('household', 'rec-head-a', []);
        expect(await ids(a)).toEqual([]);
        // Keys of a record not (yet) stored find nothing.
        await store.replacePersonKeys('household', 'rec-missing', [b]);
        expect(await ids(b)).toEqual([]);
      });

      it('[I1] sharedPeople: the people more than one record names, a record counted once whether by head, person key or both', async () => {
        const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((x) => x.repeat(64)) as [string, string, string, string, string];
        await put(store, rec('rec-s1', { idHmac: a }));
        await put(store, rec('rec-s2', { idHmac: b }));
        await put(store, rec('rec-s3', { idHmac: d }));
        await store.replacePersonKeys('household', 'rec-s1', [a, c]); // a: head and key of one record only
        await store.replacePersonKeys('household', 'rec-s2', [b, c, a]); // a: also a member here; c: in two records
        await store.replacePersonKeys('household', 'rec-s3', [d]);
        // d: head of rec-s3 and, by key only, of a record not stored: the key alone still names it.
        await store.replacePersonKeys('household', 'rec-gone', [d]);
        expect([...(await store.sharedPeople([a, b, c, d, e, a, c]))].sort()).toEqual([a, c, d]);
        expect([...(await store.sharedPeople([b, e]))]).toEqual([]);
        expect([...(await store.sharedPeople([]))]).toEqual([]);
      });
    });

    describe('attachments', () => {
      it('[T2] answers which hashes are missing; storing is idempotent', async () => {
        const a = { sha256: 'a'.repeat(64), bytes: Buffer.from([0, 1, 2, 255]), size: 4, contentType: 'image/jpeg', recordId: 'rec-1', township: '清河镇', uploadedBy: 'user-1', createdAt: AT };
        expect(await store.missingAttachments('清河镇', ['a'.repeat(64), 'b'.repeat(64), 'a'.repeat(64)])).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
        expect(await store.putAttachment(a)).toBe(true);
        expect(await store.putAttachment({ ...a, uploadedBy: 'user-2' })).toBe(false);
        expect(await store.missingAttachments('清河镇', ['a'.repeat(64), 'b'.repeat(64)])).toEqual(['b'.repeat(64)]);
        expect(await store.missingAttachments('清河镇', [])).toEqual([]);
        const got = await store.getAttachment('清河镇', 'a'.repeat(64));
        expect(got).toEqual(a);
        expect(Buffer.isBuffer(got?.bytes)).toBe(true);
        const { bytes: _bytes, ...meta } = a;
        expect(await store.getAttachmentMeta('清河镇', 'a'.repeat(64))).toEqual(meta);
        expect(await store.getAttachment('清河镇', 'c'.repeat(64))).toBeNull();
      });

      it('[T3] holds attachments by (area, hash): another area neither sees nor owns the bytes', async () => {
        const a = { sha256: 'a'.repeat(64), bytes: Buffer.from([9, 8, 7]), size: 3, contentType: 'image/png', recordId: null, township: '清河镇', uploadedBy: 'user-1', createdAt: AT };
        expect(await store.putAttachment(a)).toBe(true);
        expect(await store.missingAttachments('柳林乡', ['a'.repeat(64)])).toEqual(['a'.repeat(64)]);
        expect(await store.getAttachment('柳林乡', 'a'.repeat(64))).toBeNull();
        expect(await store.getAttachmentMeta('柳林乡', 'a'.repeat(64))).toBeNull();
        const b = { ...a, township: '柳林乡', uploadedBy: 'user-2' };
        expect(await store.putAttachment(b)).toBe(true);
        expect(await store.getAttachment('柳林乡', 'a'.repeat(64))).toEqual(b);
        expect(await store.getAttachment('清河镇', 'a'.repeat(64))).toEqual(a);
        expect((await store.attachmentTownships('a'.repeat(64))).sort()).toEqual(['柳林乡', '清河镇'].sort());
        expect(await store.attachmentTownships('b'.repeat(64))).toEqual([]);
      });
    });

    describe('audit log', () => {
      it('appends and lists newest first, with filters', async () => {
        const e = (n: number, patch = {}) => ({ at: `2026-06-20T08:00:0${n}.000Z`, userId: 'user-1', deviceId: 'dev-1', township: '清河镇', action: 'record.create', entity: 'household', recordId: `rec-${n}`, detail: { seq: n }, ...patch });
        await store.appendAudit(e(1));
        await store.appendAudit(e(2, { township: '柳林乡', action: 'login' }));
        await store.transaction((tx) => tx.appendAudit(e(3)));
        await store.appendAudit({ at: '2026-06-20T08:00:04.000Z', userId: null, deviceId: null, township: null, action: 'user.create' });
        const all = await store.listAudit({ limit: 10 });
        expect(all.map((r) => r.recordId)).toEqual([null, 'rec-3', 'rec-2', 'rec-1']);
        expect(all[3]).toEqual({ id: all[3]!.id, ...e(1) });
        expect(all[0]).toMatchObject({ entity: null, recordId: null, detail: null });
        expect((await store.listAudit({ action: 'login', limit: 10 })).map((r) => r.recordId)).toEqual(['rec-2']);
        expect((await store.listAudit({ townships: ['清河镇'], limit: 10 })).map((r) => r.recordId)).toEqual(['rec-3', 'rec-1']);
        expect(await store.listAudit({ townships: [], limit: 10 })).toEqual([]);
        expect((await store.listAudit({ since: '2026-06-20T08:00:02.000Z', until: '2026-06-20T08:00:04.000Z', limit: 10 })).map((r) => r.recordId)).toEqual(['rec-3', 'rec-2']);
        expect((await store.listAudit({ beforeId: all[1]!.id, limit: 1 })).map((r) => r.recordId)).toEqual(['rec-2']);
        expect((await store.listAudit({ entity: 'household', recordId: 'rec-1', userId: 'user-1', township: '清河镇', limit: 10 }))).toHaveLength(1);
      });

      it('refuses to change or delete an entry (append-only)', async () => {
        await store.appendAudit({ at: AT, userId: null, deviceId: null, township: null, action: 'login' });
        await expect(target.rawExec(temp.location, "UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/);
        await expect(target.rawExec(temp.location, 'DELETE FROM audit_log')).rejects.toThrow(/append-only/);
        expect(await store.listAudit({ limit: 10 })).toHaveLength(1);
      });
    });
  });
  // The division registry and the upgrade queue (issue 10): a part of the same interface.
  defineDivisionContract(target);
}
