export interface BackoffOptions {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { minMs: 5_000, maxMs: 5 * 60_000 };

/**
 * Exponential back-off with full jitter (rule E3): the ceiling doubles per failure from 5 s up to
 * 5 min, the delay is uniform below it, never under 5 s. Full jitter spreads the reconnect storm of a
 * whole township coming back online after a flood (SYNC-LESSONS 8).
 */
export function backoffDelay(failures: number, random: () => number, o: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(o.maxMs, o.minMs * 2 ** Math.max(0, failures - 1));
  return Math.max(o.minMs, Math.floor(random() * ceiling));
}
