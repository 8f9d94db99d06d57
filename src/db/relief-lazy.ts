type AsyncApi = Record<string, (...args: never[]) => Promise<unknown>>;

/**
 * An API whose implementation loads on its first call, as a chunk of its own: the relief ledger, the
 * moves and the county calls are not needed to unlock and list, so they stay out of the initial JS
 * (the service worker precaches the chunk, so it loads offline too). A failed load is retried on the
 * next call rather than remembered.
 */
export function lazyApi<T extends AsyncApi>(load: () => Promise<T>, methods: readonly (keyof T)[]): T {
  let loading: Promise<T> | null = null;
  const get = () =>
    (loading ??= load().catch((e: unknown) => {
      loading = null;
      throw e;
    }));
  const api: Partial<T> = {};
  for (const m of methods) {
    api[m] = ((...args: never[]) => get().then((impl) => impl[m]!(...args))) as T[keyof T];
  }
  return api as T;
}
