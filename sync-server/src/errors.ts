import { ERROR_CODES, type ErrorBody, type ErrorCode } from '../../src/shared/protocol/error-codes';

/**
 * An error the API answers with: status and message come from the one shared table (SPEC E1,
 * STYLE habit 10), so a code always means the same status everywhere.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string,
    /** Extra response headers, e.g. Retry-After (SPEC E2). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }

  body(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message };
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

export function appError(code: ErrorCode, details?: unknown, message?: string): AppError {
  return new AppError(code, details, message);
}

/** 429 / 503 with the number of seconds the client must wait at least (SPEC E2). */
export function retryLater(code: 'RATE_LIMITED' | 'OVERLOADED', retryAfterSeconds: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError(code, { retryAfterSeconds: seconds }, undefined, { 'retry-after': String(seconds) });
}
