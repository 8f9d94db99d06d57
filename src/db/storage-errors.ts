import { AppError } from './contracts';

/**
 * A write past the quota rejects with AbortError whose `inner` is the QuotaExceededError
 * (PLATFORM-NOTES); some paths surface the QuotaExceededError itself.
 */
function isQuotaError(e: unknown): boolean {
  // Dexie may wrap once more (its own AbortError around the browser's): follow `inner` a few levels.
  let err = e as { name?: string; inner?: unknown } | null | undefined;
  for (let depth = 0; err && depth < 4; depth++) {
    if (err.name === 'QuotaExceededError') return true;
    err = err.inner as typeof err;
  }
  return false;
}

/** Rethrows a quota failure as AppError('STORAGE_FULL'); anything else unchanged. */
export function mapStorageError(e: unknown): unknown {
  if (isQuotaError(e)) return new AppError('STORAGE_FULL', 'The tablet storage is full; nothing already saved was lost.', { cause: String(e) });
  return e;
}
