/**
 * Counts what IndexedDB is asked to do (transactions, requests by method, cursor steps) and how long
 * requests are outstanding, by wrapping the IDB prototypes: the same code counts in Chromium (the tablet
 * bench page, issue 18) and on fake-indexeddb (unit tests of how many round trips a search costs).
 * No Node imports: built into the bench page.
 */
export interface IdbCounts {
  transactions: number;
  /** Requests by method ('get', 'getAll', 'getAllKeys', 'openCursor', 'openKeyCursor', 'count', 'put', …). */
  requests: Record<string, number>;
  /** `continue`/`advance`/`continuePrimaryKey` calls on cursors (each a round trip to the backing store). */
  cursorSteps: number;
  /** Time with at least one request outstanding (issue → success/error), ms: the store's share of a call. */
  busyMs: number;
}

export interface IdbCounter {
  /** Counts since the last reset. */
  read(): IdbCounts;
  reset(): void;
  /** Puts the prototypes back. */
  uninstall(): void;
}

interface Protos {
  IDBDatabase: { prototype: object };
  IDBObjectStore: { prototype: object };
  IDBIndex: { prototype: object };
  IDBCursor: { prototype: object };
}

const REQUEST_METHODS = ['get', 'getAll', 'getAllKeys', 'getKey', 'count', 'openCursor', 'openKeyCursor', 'put', 'add', 'delete', 'clear'];
const CURSOR_METHODS = ['continue', 'advance', 'continuePrimaryKey'];

/**
 * Installs the counter on the global IDB classes (Chromium's, or fake-indexeddb's after 'fake-indexeddb/auto').
 * Install it before the databases open: Dexie binds `IDBDatabase.transaction` when it opens one, so the
 * transactions of a database opened earlier go uncounted (its requests are counted).
 */
export function installIdbCounter(protos: Protos = globalThis as unknown as Protos): IdbCounter {
  let counts: IdbCounts = { transactions: 0, requests: {}, cursorSteps: 0, busyMs: 0 };
  let outstanding = 0;
  let since = 0;
  const restore: (() => void)[] = [];
  const begin = () => {
    if (outstanding++ === 0) since = performance.now();
  };
  const end = () => {
    if (--outstanding === 0) counts.busyMs += performance.now() - since;
  };
  // One outstanding interval per issue: a cursor's request fires success once per step, each step begun by continue().
  const watch = (req: IDBRequest) => {
    begin();
    let open = true;
    const done = () => {
      if (!open) return;
      open = false;
      end();
    };
    req.addEventListener('success', done);
    req.addEventListener('error', done);
    // A cursor step (after continue() returned): the same request is pending again until its next success.
    return () => {
      open = true;
      begin();
    };
  };
  const cursorRequests = new WeakMap<object, () => void>();
  const wrap = (proto: object, name: string, around: (orig: (...a: unknown[]) => unknown) => (this: unknown, ...a: unknown[]) => unknown) => {
    const p = proto as Record<string, unknown>;
    const orig = p[name];
    if (typeof orig !== 'function') return;
    p[name] = around(orig as (...a: unknown[]) => unknown);
    restore.push(() => {
      p[name] = orig;
    });
  };
  wrap(protos.IDBDatabase.prototype, 'transaction', (orig) =>
    function (this: unknown, ...a: unknown[]) {
      counts.transactions++;
      return orig.apply(this, a);
    },
  );
  for (const proto of [protos.IDBObjectStore.prototype, protos.IDBIndex.prototype])
    for (const m of REQUEST_METHODS)
      wrap(proto, m, (orig) =>
        function (this: unknown, ...a: unknown[]) {
          const req = orig.apply(this, a) as IDBRequest;
          counts.requests[m] = (counts.requests[m] ?? 0) + 1;
          const again = watch(req);
          if (m === 'openCursor' || m === 'openKeyCursor')
            req.addEventListener('success', () => {
              if (req.result) cursorRequests.set(req.result as object, again);
            });
          return req;
        },
      );
  for (const m of CURSOR_METHODS)
    wrap(protos.IDBCursor.prototype, m, (orig) =>
      function (this: unknown, ...a: unknown[]) {
        const out = orig.apply(this, a); // a throwing step (cursor done, transaction over) counts nothing
        counts.cursorSteps++;
        cursorRequests.get(this as object)?.();
        return out;
      },
    );
  return {
    read: () => ({ ...counts, requests: { ...counts.requests } }),
    reset: () => {
      counts = { transactions: 0, requests: {}, cursorSteps: 0, busyMs: 0 };
    },
    uninstall: () => {
      for (const r of restore.reverse()) r();
    },
  };
}
