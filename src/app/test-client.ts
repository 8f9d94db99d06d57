/**
 * TEST DOUBLE — an in-memory TidemarkClient for component tests. Not used by the app: the real client
 * is createTidemarkClient (src/db/client.ts). It keeps the contract's observable behaviour (schema
 * validation on save, masked ids in lists, sync-state subscription) and lets a test script failures.
 */
import {
  AppError,
  type HouseholdListItem,
  type KnownAccount,
  type ReferenceItem,
  type SyncState,
  type TidemarkClient,
  type UnlockedSession,
} from '../db/contracts';
import type { SessionUser } from '../shared/protocol/messages';
import { maskIdNumber } from '../shared/rules/id-number';
import type { DisasterEvent } from '../shared/schema/disaster-event';
import { displacedHouseholdSchema, type DisplacedHousehold } from '../shared/schema/displaced-household';
import type { ShelterSite } from '../shared/schema/shelter-site';

export interface TestAccount {
  username: string;
  password: string;
  displayName: string;
  /** Has logged in online on this tablet before, so it can unlock offline. */
  known?: boolean;
}

export const IDLE_SYNC: SyncState = {
  phase: 'idle',
  pending: 0,
  rejected: 0,
  lastSyncedAt: null,
  oldestPendingAt: null,
  error: null,
  nextRetryAt: null,
  progress: null,
};

/** Made-up reference data (not real places). */
export const TEST_EVENT: DisasterEvent = {
  id: 'event-0620-flood',
  name: '6·20 洪灾',
  hazard: 'flood',
  startDate: '2024-06-20',
  townships: ['330106001'],
  status: 'active',
};
export const TEST_SITE: ShelterSite = {
  id: 'site-school-01',
  eventId: TEST_EVENT.id,
  name: '镇中心小学',
  type: 'school',
  township: '330106001',
  capacity: 200,
  floorArea: 800,
  waterPoints: 2,
  toilets: 6,
  medicalPoint: true,
  openedOn: '2024-06-20',
};

export interface TestClient extends TidemarkClient {
  /** The next call of that name rejects with this error (then the call works again). */
  failNext: Partial<Record<'loginOnline' | 'unlockOffline' | 'save' | 'syncNow', unknown>>;
  setSync(state: Partial<SyncState>): void;
  households: Map<string, { record: DisplacedHousehold; item: HouseholdListItem }>;
  saved: unknown[];
  setRecordState(id: string, syncState: HouseholdListItem['syncState'], rejection?: HouseholdListItem['rejection']): void;
}

export function createTestClient(
  opts: {
    accounts?: TestAccount[];
    events?: DisasterEvent[];
    sites?: ShelterSite[];
    persistent?: boolean;
    sync?: Partial<SyncState>;
  } = {},
): TestClient {
  const accounts = (opts.accounts ?? [{ username: 'wang', password: 'pass-1234', displayName: '王芳', known: true }]).map((a) => ({ ...a }));
  const events = opts.events ?? [TEST_EVENT];
  const sites = opts.sites ?? [TEST_SITE];
  let syncState: SyncState = { ...IDLE_SYNC, ...opts.sync };
  const syncListeners = new Set<(s: SyncState) => void>();
  const changeListeners = new Set<() => void>();
  const households = new Map<string, { record: DisplacedHousehold; item: HouseholdListItem }>();
  const saved: unknown[] = [];
  let current: UnlockedSession | null = null;
  const failNext: TestClient['failNext'] = {};
  const changed = () => changeListeners.forEach((l) => l());

  const takeFailure = (name: keyof TestClient['failNext']) => {
    const f = failNext[name];
    delete failNext[name];
    if (f !== undefined) throw f;
  };

  const ref = <T>(entity: string, rows: { id: string }[]): ReferenceItem<T>[] =>
    rows.map((r) => ({ entity, id: r.id, version: 1, township: null, fields: r as T }));

  const openSession = (a: TestAccount): UnlockedSession => {
    const user: SessionUser = { id: `user-${a.username}`, username: a.username, displayName: a.displayName, role: 'worker', township: '330106001', county: '330106' };
    a.known = true;
    current = {
      user,
      online: () => true,
      households: {
        async save(input) {
          saved.push(input);
          takeFailure('save');
          const parsed = displacedHouseholdSchema.safeParse(input);
          if (!parsed.success) throw new AppError('VALIDATION_FAILED', undefined, parsed.error.issues);
          const r = parsed.data;
          const item: HouseholdListItem = {
            id: r.id,
            headName: r.head.name,
            headIdMasked: maskIdNumber(r.head.idNumber),
            membersCount: r.membersCount,
            village: r.origin.village,
            placement: r.placement,
            shelterSiteId: r.shelterSiteId ?? null,
            eventId: r.eventId,
            checkInAt: r.checkInAt,
            checkedOut: !!r.checkOut,
            syncState: 'pending',
            rejection: null,
            updatedAt: new Date().toISOString(),
          };
          households.set(r.id, { record: r, item });
          changed();
          return { id: r.id };
        },
        async get(id) {
          return households.get(id)?.record ?? null;
        },
        async list(query) {
          const text = query?.text?.trim().toUpperCase();
          return [...households.values()]
            .filter(({ record: r }) => !query?.eventId || r.eventId === query.eventId)
            .filter(
              ({ record: r }) =>
                !text || r.head.name.includes(text) || r.origin.village.includes(text) || r.head.idNumber.includes(text),
            )
            .map((h) => h.item);
        },
        async findByIdNumber(idNumber) {
          const n = idNumber.trim().toUpperCase();
          return [...households.values()].filter((h) => h.record.head.idNumber === n).map((h) => h.item);
        },
      },
      reference: {
        async list<T>(entity: 'event' | 'site' | 'policy' | 'entitlement') {
          if (entity === 'event') return ref<T>('event', events);
          if (entity === 'site') return ref<T>('site', sites);
          return [];
        },
      },
      sync: {
        state: () => syncState,
        subscribe(l) {
          syncListeners.add(l);
          return () => syncListeners.delete(l);
        },
        async syncNow() {
          takeFailure('syncNow');
        },
      },
      onChange(l) {
        changeListeners.add(l);
        return () => changeListeners.delete(l);
      },
    };
    return current;
  };

  return {
    failNext,
    households,
    saved,
    setSync(s) {
      syncState = { ...syncState, ...s };
      syncListeners.forEach((l) => l(syncState));
    },
    setRecordState(id, state, rejection = null) {
      const h = households.get(id);
      if (!h) return;
      h.item = { ...h.item, syncState: state, rejection };
      changed();
    },
    async knownAccounts(): Promise<KnownAccount[]> {
      return accounts
        .filter((a) => a.known)
        .map((a) => ({ userId: `user-${a.username}`, username: a.username, displayName: a.displayName, township: '330106001', lastOnlineLoginAt: '2024-06-20T00:00:00.000Z' }));
    },
    async loginOnline(username, password) {
      takeFailure('loginOnline');
      const a = accounts.find((x) => x.username === username);
      if (!a || a.password !== password) throw new AppError('BAD_CREDENTIALS');
      return openSession(a);
    },
    async unlockOffline(username, password) {
      takeFailure('unlockOffline');
      const a = accounts.find((x) => x.username === username && x.known);
      if (!a) throw new AppError('NO_OFFLINE_ACCOUNT');
      if (a.password !== password) throw new AppError('UNLOCK_FAILED', undefined, { attemptsLeft: 4 });
      return openSession(a);
    },
    current: () => current,
    lock() {
      current = null;
    },
    async logout() {
      current = null;
    },
    async persistStorage() {
      return opts.persistent ?? false;
    },
    async deviceId() {
      return 'test-device-0001';
    },
  };
}
