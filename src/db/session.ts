import Dexie from 'dexie';
import { AppError, type HouseholdListItem, type ReferenceItem, type UnlockedSession } from './contracts';
import type { SessionUser } from '../shared/protocol/messages';
import type { DisplacedHousehold } from '../shared/schema/displaced-household';
import { toHex } from '../security/bytes';
import type { UserKeys } from '../security/key-bundle';
import { lookupHash } from '../security/lookup-hash';
import { openBytes, sealBytes } from '../security/seal';
import { byUpdatedDesc, toHouseholdListItem, type WrittenRecord } from './household-list';
import { RecordCache } from './record-cache';
import type { DigestStats } from './digest-stats';
import { ListDigest } from './list-digest';
import type { WriteAccount } from './write-account';
import { foreground } from './foreground';
import { loadPinyin } from './pinyin-initials';
import { saveRecord } from './save-record';
import { createSurveyApi } from './survey-api';
import { createPrivacyApi, type PrivacyApi } from './privacy-api';
import { lazyApi } from './relief-lazy';
import { createConflictApi } from './conflict-api';
import { createCasesApi } from './cases-api';
import { mapStorageError } from './storage-errors';
import type { UserDb } from './user-db';

/** An authenticated JSON call to the server (session.request); errors are AppErrors with the server's code. */
export type AuthenticatedCall = <T>(token: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown) => Promise<T>;

export interface SessionDeps {
  user: SessionUser;
  db: UserDb;
  keys: UserKeys;
  clientId: string;
  call: AuthenticatedCall;
  token: { value: string; expiresAt: string } | null;
  now: () => Date;
  newId: () => string;
  /** The list digest's waits (SPEC N10, N11); without it, the global timers. */
  timers?: { setTimeout(fn: () => void, ms: number): unknown };
  /** For the county office's online calls (session.county); default: same origin, global fetch. */
  http?: { baseUrl: string; fetch: typeof fetch };
}

/**
 * What the session hands whoever wires sync into it (src/app/compose-session.ts): the token as the
 * session knows it, the change notification, and the records open in a form. db never imports sync
 * (sync uses db's outbox); the composition root connects the two.
 */
export interface SessionHooks {
  /** The session token while it is valid, else null. */
  validToken(): string | null;
  /** Why there is no token: the session ran out (here, or as the server said), or there was none. */
  noTokenReason(): 'SESSION_EXPIRED' | 'UNAUTHENTICATED';
  /** The server refused the token: forget it. */
  loseToken(code: string): void;
  /** Records changed (pulled, purged): the screens re-query. */
  notify(): void;
  /** The outbox moved to a fresh client id (SPEC P9). */
  setClientId(clientId: string): void;
  /** Records opened in a form this session: never purged under the worker (purge-synced.ts). */
  readonly opened: ReadonlySet<string>;
  /**
   * Before each purge: the keep-list of the cases this worker holds (SPEC K22), from the case file as it
   * stands after the sync, so a worker who never opens 我的案件 still keeps each case's last survey. Never rejects.
   */
  beforePurge(): Promise<void>;
  /** A pull's pages: the records each wrote, with their fields, for the list digest (SPEC N10; ListDigest.feed). */
  recordsWritten: { mark(): number; written(rows: readonly WrittenRecord[], wrote: WriteAccount): void; prime(): Promise<void> };
}

/** The sync side of a session, as the session uses it. */
export interface SessionSync extends Pick<UnlockedSession['sync'], 'state' | 'subscribe' | 'syncNow'> {
  /** A local change was committed: push soon. */
  localChange(): void;
  /** Sends queued audit events now if it can (privacy-api.ts). */
  flushAudit(): void;
  start(): void;
  /** Stops syncing and waits for what the last sync started (close). */
  stop(): Promise<void>;
}

/** The session createSession returns: UnlockedSession plus what the client itself needs. */
export interface DbSession extends UnlockedSession {
  attachments: NonNullable<UnlockedSession['attachments']>;
  surveys: NonNullable<UnlockedSession['surveys']>;
  relief: NonNullable<UnlockedSession['relief']>;
  county: NonNullable<UnlockedSession['county']>;
  privacy: PrivacyApi;
  request: NonNullable<UnlockedSession['request']>;
  /** The per-database client id (the push deviceId). */
  clientId: string;
  /** Stops sync, forgets keys and caches, closes the database. Nothing on disk is deleted. */
  close(): Promise<void>;
  /** The worker's database (tests, diagnostics); screens use the methods above. */
  readonly db: UserDb;
  /** The session token, while valid (for logout). */
  token(): string | null;
  /** The household list digest (SPEC N10; tests, the bench): `ready` resolves once searches use it. */
  /** N10, N11: `saved` resolves once the digest is complete and its sealed copy written (tests, the bench). */
  listDigest: { ready(options?: { now?: boolean }): Promise<void>; saved(): Promise<void>; stats(): DigestStats };
}

/**
 * A worker's unlocked session over its database. `wireSync` is called once, while the session is made,
 * with the session's hooks, and returns the sync side (the composition root builds the engine there).
 */
export function createSession(deps: SessionDeps, wireSync: (hooks: SessionHooks) => SessionSync): DbSession {
  const { db, user } = deps;
  let keys: UserKeys | null = deps.keys;
  let token = deps.token;
  const cache = new RecordCache(db, deps.keys.dataKey);
  const timers = deps.timers;
  const digest = new ListDigest(db, deps.keys.dataKey, {
    now: () => deps.now().getTime(),
    sleep: (ms) => new Promise<void>((resolve) => void (timers ?? globalThis).setTimeout(resolve, ms)),
    // A first sync's pages are written seconds apart (`syncing` is wired below, before the warm-up starts).
    syncing: () => syncing.state().phase === 'syncing',
  });
  const listeners = new Set<() => void>();

  function live(): UserKeys {
    if (!keys) throw new AppError('LOCKED', 'The session is locked.');
    return keys;
  }
  function notify() {
    for (const l of [...listeners]) l();
  }
  function validToken(): string | null {
    if (!token || Date.parse(token.expiresAt) <= deps.now().getTime()) return null;
    return token.value;
  }
  // Why sync has no token: the session this tablet held ran out (here, or as the server said), or none.
  let tokenLost: 'SESSION_EXPIRED' | 'UNAUTHENTICATED' = 'UNAUTHENTICATED';
  const noTokenReason = () => (token && Date.parse(token.expiresAt) <= deps.now().getTime() ? 'SESSION_EXPIRED' : tokenLost);

  // Records opened in a form this session are never purged under the worker (purge-synced.ts).
  const opened = new Set<string>();
  const syncing = wireSync({
    validToken,
    noTokenReason,
    loseToken: (code) => {
      tokenLost = code === 'SESSION_EXPIRED' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED';
      token = null;
    },
    notify: () => notify(),
    setClientId: (id) => {
      session.clientId = id;
    },
    opened,
    // Reading the case file rewrites the purge's keep-list (cases-api.ts); a locked session keeps the last one.
    beforePurge: () => cases.refreshKeep().catch(() => undefined),
    recordsWritten: { mark: () => digest.writeMark(), written: (rows, wrote) => digest.feed(rows, wrote), prime: () => digest.prime() },
  });

  // Writes from other tabs of this app reach us through Dexie's storage-mutation events (fired at commit,
  // and relayed from other tabs by BroadcastChannel). Only the tables the screens show are watched, no
  // query runs per write (a live count of every table re-ran on every save), and a burst of commits
  // becomes one notification.
  const watched = ['records', 'reference', 'outbox'].map((t) => `idb://${db.name}/${t}/`);
  let notifyQueued = false;
  const onMutated = (parts: Record<string, unknown>) => {
    if (notifyQueued || !watched.some((p) => p in parts)) return;
    notifyQueued = true;
    queueMicrotask(() => {
      notifyQueued = false;
      notify();
    });
  };
  Dexie.on('storagemutated', onMutated);
  const external = { unsubscribe: () => Dexie.on.storagemutated.unsubscribe(onMutated) };

  let conflictApi: DbSession['conflicts'] | null = null;
  const cases = createCasesApi({
    db,
    cache,
    keys: live,
    now: deps.now,
    newId: deps.newId,
    user,
    changed: () => {
      syncing.localChange();
      notify();
    },
    // One save path for surveys: the case's survey is a draft like any other (the survey form opens it).
    saveSurveyDraft: (fields, options) => session.surveys.saveDraft(fields as Parameters<DbSession['surveys']['saveDraft']>[0], options),
    // K24: the server's copy of a case (with its surveys) when online; null offline or without a token.
    fetchCase: async (id) => {
      const t = validToken();
      return t ? deps.call(t, 'GET', `/api/cases/${encodeURIComponent(id)}`) : null;
    },
  });

  const session: DbSession = {
    user,
    clientId: deps.clientId,
    db,
    online: () => !!validToken(),
    token: validToken,
    listDigest: { ready: (options) => digest.ready(options), saved: () => digest.saved(), stats: () => digest.stats() },
    households: {
      async save(input, options = {}) {
        // N10: the digest takes the household at the rev written, from the fields sealed (no decryption).
        const written = (w: WrittenRecord) => digest.feed([w]);
        const { trace } = options;
        const { id, changed } = await saveRecord({ db, keys: live(), now: deps.now, newId: deps.newId, township: user.township, written, trace }, 'household', input, { newRecord: options.newRecord });
        trace?.('returned');
        if (changed) {
          syncing.localChange();
          trace?.('told');
          notify();
          trace?.('notified');
        }
        return { id };
      },
      async get(id) {
        live();
        opened.add(id);
        const c = await cache.get(id);
        // A copy: the form may edit what it gets, the cache must stay what is on disk.
        return c && c.row.entity === 'household' ? (structuredClone(c.fields) as unknown as DisplacedHousehold) : null;
      },
      list(query = {}) {
        // A search the worker waits for: the digest's background steps begin none meanwhile (N10, foreground.ts).
        return foreground(db, async () => {
          live();
          const text = query.text ?? '';
          // N3: initials are matched once pinyin is loaded (its own chunk); a failed load leaves names only.
          if (/[a-z]/i.test(text)) await loadPinyin().catch(() => undefined);
          // N10: from the list digest, with no row read and nothing decrypted once it is complete; until
          // then the answer waits for it (no index answers meanwhile: N1 retired in version 7).
          digest.start();
          return digest.list(text, query.eventId);
        });
      },
      search(query, limit) {
        return foreground(db, async () => {
          live();
          const text = query.text ?? '';
          if (/[a-z]/i.test(text)) await loadPinyin().catch(() => undefined);
          digest.start();
          return digest.page(text, query.eventId, limit);
        });
      },
      async findByIdNumber(idNumber) {
        const h = await lookupHash(live().lookupKey, idNumber);
        const ids = (await db.records.where('idHmacs').equals(h).primaryKeys()) as string[];
        live(); // locked while the index was read: nothing decrypted after the lock
        const found = await cache.getMany(ids);
        return found.filter((c) => c.row.entity === 'household').map(toHouseholdListItem).sort(byUpdatedDesc);
      },
      // Transfer and check-out save through households.save above: one save path (no second encrypt/outbox).
      ...lazyApi(() => import('./relief-household-moves').then((m) => m.createHouseholdMoves({ households: session.households, cache, live })), ['transfer', 'checkOut', 'records']),
    },
    surveys: trackOpened(opened, createSurveyApi({
      db,
      cache,
      keys: live,
      now: deps.now,
      newId: deps.newId,
      township: user.township,
      policies: async () => (await db.reference.where('entity').equals('policy').toArray()).map((r) => ({ ...r.fields, id: r.id })),
      changed: () => {
        syncing.localChange();
        notify();
      },
    })),
    // Issue 4's relief ledger and county calls load with their screens, not in the initial JS (relief-lazy.ts).
    relief: trackOpened(
      opened,
      lazyApi(
        () =>
          import('./relief-api').then((m) =>
            m.createReliefApi({
              db,
              cache,
              keys: live,
              now: deps.now,
              newId: deps.newId,
              township: user.township,
              by: (user.displayName || user.username).slice(0, 50),
              changed: () => {
                syncing.localChange();
                notify();
              },
            }),
          ),
        ['save', 'check', 'get', 'list', 'correct'],
      ),
    ),
    county: lazyApi(
      () =>
        import('./relief-county-api').then((m) =>
          m.createCountyApi({
            baseUrl: deps.http?.baseUrl ?? '',
            fetch: deps.http?.fetch ?? ((input, init) => globalThis.fetch(input, init)),
            token: validToken,
          }),
        ),
      ['report', 'download', 'downloadFile', 'flags', 'resolveFlag', 'correctHandout', 'dashboard', 'dashboardRecords'],
    ),
    privacy: createPrivacyApi({ db, cache, live: () => void live(), now: deps.now, flush: () => syncing.flushAudit() }),
    async request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown): Promise<T> {
      live();
      const t = validToken();
      if (!t) throw new AppError('UNAUTHENTICATED', 'Log in online first.');
      return deps.call<T>(t, method, path, body);
    },
    cases,
    reference: {
      async list<T = Record<string, unknown>>(entity: 'event' | 'site' | 'policy' | 'entitlement' | 'calendar' | 'casePolicy') {
        live();
        const rows = await db.reference.where('entity').equals(entity).toArray();
        return rows.map((r): ReferenceItem<T> => ({ entity: r.entity, id: r.id, version: r.version, township: r.township, fields: r.fields as T }));
      },
    },
    attachments: {
      async add(recordId, bytes, contentType) {
        const k = live();
        const sha256 = toHex(await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));
        const sealed = await sealBytes(k.dataKey, sha256, bytes);
        try {
          await db.transaction('rw', db.attachments, async () => {
            if (await db.attachments.get(sha256)) return; // content-addressed: the same bytes once
            await db.attachments.add({ sha256, recordId, contentType, size: bytes.length, sealed, uploaded: 0, createdAt: deps.now().toISOString() });
          });
        } catch (e) {
          throw mapStorageError(e);
        }
        syncing.localChange();
        notify();
        return { sha256 };
      },
      async get(sha256) {
        const k = live();
        const row = await db.attachments.get(sha256);
        if (!row) return null;
        return { bytes: await openBytes(k.dataKey, sha256, row.sealed), contentType: row.contentType };
      },
    },
    sync: {
      state: () => syncing.state(),
      subscribe: (l) => syncing.subscribe(l),
      syncNow: () => (keys ? syncing.syncNow() : Promise.reject(new AppError('LOCKED'))),
    },
    // Made on first use: conflicts save through this session's own households, surveys and relief.
    get conflicts() {
      return (conflictApi ??= createConflictApi(session, () => live().dataKey, async (entity, fields, field) => {
        // C6 with the value the record already holds: send that field anyway, so the server closes the conflict.
        const { changed } = await saveRecord({ db, keys: live(), now: deps.now, newId: deps.newId, township: user.township }, entity, fields, { affirm: [field] });
        if (changed) {
          syncing.localChange();
          notify();
        }
      }));
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (!keys) return;
      keys = null;
      token = null;
      cache.clear();
      digest.clear();
      listeners.clear();
      external.unsubscribe();
      await syncing.stop();
      db.close();
    },
  };
  syncing.start();
  // N10: the list digest notes record writes from unlock; the first list or search starts its warm-up.
  digest.observe();
  return session;
}

/** An entity API noting every record opened in a form (it must not be purged under the worker). */
function trackOpened<A extends { get(id: string): Promise<unknown> }>(opened: Set<string>, api: A): A {
  return {
    ...api,
    get: (id: string) => {
      opened.add(id);
      return api.get(id);
    },
  };
}
