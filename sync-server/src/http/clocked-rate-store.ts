/**
 * A @fastify/rate-limit store (the plugin's `store` option) with the plugin's LocalStore semantics —
 * a fixed window per key, kept in a bounded LRU map — but on the server's injected clock, so tests move
 * time instead of sleeping (STYLE habit 9). The LRU bound is the point: a flood of made-up addresses or
 * user names evicts the oldest keys instead of growing memory (issue 11 §2).
 */
interface Window {
  current: number;
  ttl: number;
  iterationStartMs: number;
}
type Callback = (err: Error | null, res: { current: number; ttl: number }) => void;

export interface RateStoreClass {
  new (params?: unknown): ClockedRateStore;
}

class ClockedRateStore {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly now: () => number,
    private readonly capacity: number,
  ) {}

  incr(key: string, cb: Callback, timeWindow: number): void {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || w.iterationStartMs + timeWindow <= t) w = { current: 1, ttl: timeWindow, iterationStartMs: t };
    else w = { ...w, current: w.current + 1, ttl: timeWindow - (t - w.iterationStartMs) };
    // Delete then set: the key becomes the most recently used; the oldest goes when over capacity.
    this.windows.delete(key);
    this.windows.set(key, w);
    if (this.windows.size > this.capacity) this.windows.delete(this.windows.keys().next().value!);
    cb(null, { current: w.current, ttl: w.ttl });
  }

  /** The plugin's non-counting peek (`{ increment: false }`). */
  read(key: string, cb: Callback, timeWindow: number): void {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || w.iterationStartMs + timeWindow <= t) cb(null, { current: 0, ttl: 0 });
    else cb(null, { current: w.current, ttl: timeWindow - (t - w.iterationStartMs) });
  }

  /** Each limiter the plugin creates gets a map of its own, on the same clock and bound. */
  child(): ClockedRateStore {
    return new ClockedRateStore(this.now, this.capacity);
  }

  get size(): number {
    return this.windows.size;
  }
}

/** The class the plugin instantiates (`new Store(params)`), bound to a clock and a capacity. */
export function clockedRateStore(now: () => number, capacity: number): RateStoreClass {
  return class extends ClockedRateStore {
    constructor() {
      super(now, capacity);
    }
  };
}
