/**
 * A fixed-window counter per key, on the injected clock (STYLE habit 9: tests never sleep).
 * Used for the per-token request limit and the failed-login limit; the window is short on purpose,
 * so a forgotten password never locks a worker out for long.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  private current(key: string): { start: number; count: number } {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 50_000) this.prune(t);
    }
    return w;
  }

  /** Seconds to wait when the key is over its limit, else null. Does not count. */
  blockedFor(key: string): number | null {
    const w = this.current(key);
    if (w.count < this.max) return null;
    return Math.max(1, Math.ceil((w.start + this.windowMs - this.now()) / 1000));
  }

  /** Counts one hit; returns the seconds to wait if this hit went over the limit, else null. */
  hit(key: string): number | null {
    const blocked = this.blockedFor(key);
    if (blocked !== null) return blocked;
    this.current(key).count++;
    return null;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
  }
}
