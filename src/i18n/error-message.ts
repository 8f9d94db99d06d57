import type { TFunction } from 'i18next';

/**
 * A translated message for a server ErrorCode or a ClientErrorCode (STYLE habit 10). Unknown codes
 * (from a newer server) still give a readable message naming the code.
 */
export function errorMessage(t: TFunction, code: string, details?: unknown): string {
  if (code === 'UNLOCK_FAILED') {
    const left = (details as { attemptsLeft?: unknown } | undefined)?.attemptsLeft;
    if (typeof left === 'number') return t('errors.UNLOCK_FAILED_attempts', { attemptsLeft: left });
  }
  const key = `errors.${code}`;
  return t(key, { defaultValue: t('errors.unknown', { code }) });
}

/** The code and details of whatever a client call threw; anything that is not an AppError is a network failure or a bug. */
export function errorCodeOf(e: unknown): { code: string; details?: unknown } {
  if (typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string') {
    return { code: (e as { code: string }).code, details: (e as { details?: unknown }).details };
  }
  if (e instanceof TypeError) return { code: 'NETWORK' }; // fetch rejects with TypeError when offline
  return { code: 'INTERNAL' };
}
