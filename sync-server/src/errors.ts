import type { ErrorCode } from '../../src/shared/protocol/error-codes';
import { AppError } from '../../src/shared/protocol/app-error';

// The one error class of tablet and server (src/shared/protocol/app-error.ts): status and message come
// from the one error table (SPEC E1).
export { AppError };

export function appError(code: ErrorCode, details?: unknown, message?: string): AppError {
  return new AppError(code, message, details);
}

/** 429 / 503 with the number of seconds the client must wait at least (SPEC E2). */
export function retryLater(code: 'RATE_LIMITED' | 'OVERLOADED', retryAfterSeconds: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError(code, undefined, { retryAfterSeconds: seconds }, { 'retry-after': String(seconds) });
}
