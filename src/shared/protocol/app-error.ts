import { ERROR_CODES, type ErrorBody, type ErrorCode } from './error-codes';

/** Errors the tablet raises itself (translated by the UI like server codes); never sent over the wire. */
export type ClientErrorCode =
  | 'NETWORK'
  | 'STORAGE_FULL'
  | 'UNLOCK_FAILED'
  | 'UNLOCK_WIPED'
  | 'OFFLINE_EXPIRED'
  | 'NO_OFFLINE_ACCOUNT'
  | 'LOCKED'
  // Issue 15 (SPEC K9, K23): the tablet refuses a case step that may not follow; details { rule, reason }.
  | 'CASE_STEP_NOT_ALLOWED';

const isWireCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CODES, code);

/**
 * The one error class of tablet and server. A wire code takes its status and default message from the
 * one error table (SPEC E1, STYLE habit 10), so a code always means the same status everywhere; a
 * client-only code has no status of its own (500 should one ever reach the server's error handler).
 * Arguments: code, message, details: the same order on both sides.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    message?: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After (SPEC E2). */
    readonly headers: Record<string, string> = {},
  ) {
    const known = isWireCode(code) ? ERROR_CODES[code] : undefined;
    super(message ?? known?.message ?? code);
    this.name = 'AppError';
    this.status = known?.status ?? 500;
  }

  /** The JSON body the server answers with. */
  body(): ErrorBody {
    const error: ErrorBody['error'] = { code: isWireCode(this.code) ? this.code : 'INTERNAL', message: this.message };
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}
