/**
 * A store whose next record-writing transaction stops after its writes, just before COMMIT, until the
 * test lets it go: the moment a slow server process holds a serverSeq nobody can see yet. Lets a test
 * put another process's push and a pull exactly there, without sleeping or hoping for the timing.
 */
import type { Store } from '../../sync-server/src/store/store';

export interface HeldCommit {
  /** Resolves when the held transaction has done its writes and waits before COMMIT. */
  reached: Promise<void>;
  release(): void;
}

export function holdableStore(inner: Store): { store: Store; holdNext(): HeldCommit } {
  let next: { reached: () => void; wait: Promise<void> } | null = null;
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'transaction') {
        return <T>(fn: Parameters<Store['transaction']>[0]) =>
          target.transaction(async (tx) => {
            const result = (await fn(tx)) as T;
            const hold = next;
            next = null;
            if (hold) {
              hold.reached();
              await hold.wait;
            }
            return result;
          });
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return {
    store,
    holdNext() {
      let reached!: () => void;
      let release!: () => void;
      const r = new Promise<void>((res) => (reached = res));
      const wait = new Promise<void>((res) => (release = res));
      next = { reached, wait };
      return { reached: r, release };
    },
  };
}
