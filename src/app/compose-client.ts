/** The composition root of the client: device and worker databases, keys, the API client and, per session, the sync engine (compose-session.ts). */
import { AppError, type TidemarkClient } from '../db/contracts';
import { DEFAULT_PBKDF2_ITERATIONS } from '../security/key-derivation';
import { open } from '../security/seal';
import type { UserKeys } from '../security/key-bundle';
import { ApiError, createApiClient, type SyncApi } from '../sync/api-client';
import type { LoginResponse } from '../shared/protocol/messages';
import { moveToClientId } from '../db/client-id';
import { withAreaCodes } from '../db/release-1-areas';
import { browserConnectivity, realTimers, type Connectivity, type Timers } from '../sync/platform';
import type { SyncOptions } from '../sync/sync-engine';
import { findAccountByUsername, getDeviceId, listKnownAccounts } from '../db/account-store';
import type { DbEnv } from '../db/db-env';
import { databaseExists, DeviceDb, type AccountRow } from '../db/device-db';
import { unlockOffline as unlockOfflineFlow } from '../db/offline-unlock';
import { completeOnlineLogin, sealSession, tokenAad } from '../db/online-login';
import type { TidemarkSession } from './compose-session';
import { ensureClientId, UserDb } from '../db/user-db';
import { patchRow } from '../db/patch-row';
import { APP_VERSION } from '../sync/app-version';
import type { HealthStorage } from '../sync/health-report';

/** Everything the client touches, injectable (STYLE habit 9). Every field is optional in the browser. */
export interface TidemarkClientDeps {
  /** API origin: '' (default) for the same origin as the PWA. */
  baseUrl?: string;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Default: () => new Date(). */
  now?: () => Date;
  /** Default: crypto.randomUUID. Used for the device id, client ids and new record ids. */
  newId?: () => string;
  /** Default: Math.random (only for back-off jitter). */
  random?: () => number;
  /** Default: the global setTimeout / clearTimeout. */
  timers?: Timers;
  /** Default: navigator.onLine and the window's online/offline events. */
  connectivity?: Connectivity;
  /** PBKDF2 iterations for new password slots (default 600,000; tests ~1,000). */
  kdfIterations?: number;
  /** IndexedDB factory and database name prefix (Node tests pass fake-indexeddb). */
  db?: DbEnv;
  /** Default: navigator.storage. */
  storage?: Pick<StorageManager, 'persist' | 'persisted'>;
  /** Shown to administrators in the device list. */
  deviceName?: string;
  sync?: Partial<SyncOptions>;
  /**
   * Sync-health reports to the county after every sync and as a heartbeat while online (SPEC H1–H3).
   * Off unless given (the app turns it on in main.tsx). Storage defaults to navigator.storage, the
   * version to the build's (src/sync/app-version.ts).
   */
  tabletHealth?: { heartbeatMs: number | null; appVersion?: string; storage?: HealthStorage | null };
  /** Gzip push bodies (rule P7) when the platform can. Default true. */
  gzipPush?: boolean;
  /** Days after their last sync that confirmed records are purged from the tablet (default 30; Infinity: never). */
  purgeSyncedAfterDays?: number;
}

export interface TidemarkClientWithSession extends TidemarkClient {
  current(): TidemarkSession | null;
  loginOnline(username: string, password: string): Promise<TidemarkSession>;
  unlockOffline(username: string, password: string): Promise<TidemarkSession>;
  /** Resolves once the last lock() has closed its database (tests). */
  settled(): Promise<void>;
}

const defaultFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

/**
 * The session's code (database session, sync engine, schemas, cases, hand-over) is its own chunk, loaded
 * while the password is checked: the lock screen needs none of it, and the initial JS stays small
 * (issue 18). The service worker precaches the chunk, so an offline unlock loads it too.
 */
let sessionModule: Promise<typeof import('./compose-session')> | null = null;
function loadSessionModule(): Promise<typeof import('./compose-session')> {
  sessionModule ??= import('./compose-session').catch((e: unknown) => {
    sessionModule = null; // a failed chunk load is tried again at the next login
    throw e;
  });
  return sessionModule;
}
/** Starts loading the session chunk early (during the login's network call and key derivation). */
function preloadSessionModule(): void {
  loadSessionModule().catch(() => undefined); // openSession awaits it again and reports the failure
}

export function createTidemarkClient(deps: TidemarkClientDeps = {}): TidemarkClientWithSession {
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
  const env: DbEnv = deps.db ?? {};
  const device = new DeviceDb(env);
  const api: SyncApi = createApiClient({ baseUrl: deps.baseUrl ?? '', fetch: deps.fetch ?? defaultFetch, now: () => now().getTime(), gzip: deps.gzipPush ?? true });
  const iterations = deps.kdfIterations ?? DEFAULT_PBKDF2_ITERATIONS;
  const connectivity = deps.connectivity ?? browserConnectivity();
  let session: TidemarkSession | null = null;
  let closing: Promise<void> = Promise.resolve();

  function lock() {
    const s = session;
    session = null;
    if (s) closing = closing.then(() => s.close()).catch(() => undefined);
  }

  async function openSession(account: AccountRow, keys: UserKeys, initialToken: string | null, adoptClientId?: string): Promise<TidemarkSession> {
    let token = initialToken;
    lock();
    await closing;
    const { composeSession } = await loadSessionModule();
    const db = new UserDb(account.dbName, env);
    await db.open();
    // SPEC P9: the login was refused our client id (another account holds it) and done with a fresh
    // one; the outbox moves to it before anything is pushed.
    if (adoptClientId) await moveToClientId(db, adoptClientId);
    const { clientId } = await ensureClientId(db, () => (account.clientIdUsed ? newId() : account.clientId));
    if (clientId !== account.clientId) {
      // The server binds the session to the login's device id, so the token cannot push under this id:
      // drop it; the next online login uses the new id.
      token = null;
    }
    if (clientId !== account.clientId || !account.clientIdUsed) {
      await patchRow(device.accounts, account.userId, { clientId, clientIdUsed: true, ...(clientId !== account.clientId ? { session: null } : {}) });
    }
    const s = composeSession({
      user: withAreaCodes(account.user), // a release-1 row names its areas: release-1-areas.ts
      db,
      keys,
      clientId,
      api,
      token: token && account.session ? { value: token, expiresAt: account.session.expiresAt } : null,
      now,
      newId,
      timers: deps.timers ?? realTimers,
      random: deps.random ?? Math.random,
      connectivity,
      syncOptions: deps.sync ?? {},
      onAuthFailure: () => void patchRow(device.accounts, account.userId, { session: null }).catch(() => undefined),
      // P9: the next login names the id the outbox now pushes under (the server bound it to this account).
      onClientIdChanged: (id) => void patchRow(device.accounts, account.userId, { clientId: id, clientIdUsed: true }).catch(() => undefined),
      http: { baseUrl: deps.baseUrl ?? '', fetch: deps.fetch ?? defaultFetch },
      ...(deps.purgeSyncedAfterDays !== undefined ? { purgeAfterDays: deps.purgeSyncedAfterDays } : {}),
      health: deps.tabletHealth
        ? {
            heartbeatMs: deps.tabletHealth.heartbeatMs,
            appVersion: deps.tabletHealth.appVersion ?? APP_VERSION,
            storage: deps.tabletHealth.storage !== undefined ? deps.tabletHealth.storage : typeof navigator !== 'undefined' ? (navigator.storage ?? null) : null,
          }
        : null,
    });
    session = s;
    return s;
  }

  return {
    knownAccounts: () => listKnownAccounts(device),
    async loginOnline(username, password) {
      preloadSessionModule();
      const tabletId = await getDeviceId(device, newId, now);
      const deviceName = deps.deviceName ?? `Tablet ${tabletId.slice(0, 8)}`;
      // The login device id is this worker's client id on this tablet (see AccountRow.clientId).
      const known = await findAccountByUsername(device, username);
      const freshClientId = !known || (known.clientIdUsed && !(await databaseExists(env, known.dbName)));
      let sentClientId = freshClientId ? newId() : known.clientId;
      // SPEC A4: the physical tablet's id travels as its own field; the client id is this worker's.
      const login = (deviceId: string) => api.login({ username, password, deviceId, deviceName, tabletId });
      let res: LoginResponse;
      let taken = false;
      try {
        res = await login(sentClientId);
      } catch (e) {
        // A4/P9: another account holds this id (a server before A4 let it take it): log in with a fresh
        // id, and move this account's outbox to it when its database opens.
        if (!(e instanceof ApiError && e.code === 'CLIENT_ID_TAKEN')) throw e;
        taken = true;
        sentClientId = newId();
        res = await login(sentClientId);
      }
      const { account, keys } = await completeOnlineLogin(device, env, res, password, {
        iterations, now: now(), sentClientId, newId, freshClientId: freshClientId || taken,
      });
      if (account.clientId !== sentClientId) {
        res = await login(account.clientId);
        account.session = await sealSession(keys, account.userId, res);
        await device.accounts.put(account);
      }
      const opened = await openSession(account, keys, res.token, taken && account.clientId === sentClientId ? sentClientId : undefined);
      // SPEC F1, F4 (issue 17): this (account, client)'s hand-over signing key and the server's key; never
      // fatal. Only a worker's tablet holds field changes to hand over; a county account only imports.
      if (opened.user.role === 'worker') await opened.handover.register();
      return opened;
    },
    async unlockOffline(username, password) {
      preloadSessionModule();
      const { account, keys } = await unlockOfflineFlow(device, username, password, now());
      let token: string | null = null;
      // Opened even when expired: the session never syncs with it (validToken), but can say "登录已过期".
      if (account.session) {
        token = await open<string>(keys.dataKey, tokenAad(account.userId), account.session.token).catch(() => null);
      }
      return openSession(account, keys, token);
    },
    current: () => session,
    lock,
    async logout() {
      const s = session;
      if (!s) return;
      const token = s.token();
      lock();
      // Forget the token on the tablet first: the server call may fail offline, the tablet must not keep it.
      await patchRow(device.accounts, s.user.id, { session: null });
      if (token) await api.logout(token).catch(() => undefined);
      await closing;
    },
    async persistStorage() {
      const storage = deps.storage ?? (typeof navigator !== 'undefined' ? navigator.storage : undefined);
      if (!storage?.persist) return false;
      try {
        return (await storage.persisted()) || (await storage.persist());
      } catch {
        return false;
      }
    },
    deviceId: () => getDeviceId(device, newId, now),
    settled: () => closing,
  };
}

export { AppError };
