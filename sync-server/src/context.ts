import { randomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_CONFIG, type ServerConfig } from './config';
import { counterOf } from './dashboard/counter';
import type { Store } from './store/store';
import { makeIdHmac } from './sync/id-hmac';

/** Randomness the server uses; injectable so tests are deterministic (STYLE habit 9). */
interface RandomSource {
  bytes(n: number): Buffer;
  uuid(): string;
}

/** What buildApp needs. Only `store` is required. */
export interface AppDeps {
  store: Store;
  clock?: () => Date;
  config?: Partial<ServerConfig>;
  random?: RandomSource;
}

/** The dependencies every route and sync step receives. */
export interface AppContext {
  store: Store;
  clock: () => Date;
  config: ServerConfig;
  random: RandomSource;
  /**
   * Pushes being applied: in all, and per account (http/push-slots.ts); `bodiesRead` counts the push
   * bodies that began to be read (inflated, parsed), which SPEC I5 says happens only with a slot.
   */
  pushes: { inFlight: number; byAccount: Map<string, number>; bodiesRead: number };
  /** HMAC-SHA256 of an ID number under the server secret (privacy.md §4); the secret is read once. */
  idHmac(): Promise<(idNumber: string) => string>;
}

const defaultRandom: RandomSource = { bytes: (n) => randomBytes(n), uuid: () => randomUUID() };

export function createContext(deps: AppDeps): AppContext {
  const config: ServerConfig = { ...DEFAULT_CONFIG, ...deps.config };
  const clock = deps.clock ?? (() => new Date());
  let hmac: Promise<(idNumber: string) => string> | null = null;
  const pushes: AppContext['pushes'] = { inFlight: 0, byAccount: new Map(), bodiesRead: 0 };
  // The debounced count waits while pushes hold a slot: they go first to the serialising lock (D9, issue 14).
  counterOf(deps.store).busy = () => pushes.inFlight > 0;
  return {
    store: deps.store,
    clock,
    config,
    random: deps.random ?? defaultRandom,
    pushes,
    idHmac() {
      hmac ??= deps.store.getServerSecret('id_hmac').then(makeIdHmac);
      // A failed read is retried next time instead of being cached.
      hmac.catch(() => (hmac = null));
      return hmac;
    },
  };
}
