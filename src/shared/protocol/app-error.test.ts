import { describe, expect, it } from 'vitest';
import { AppError } from './app-error';
import { ERROR_CODES } from './error-codes';

describe('AppError: one class, arguments (code, message, details) on tablet and server', () => {
  it('takes status and default message of a wire code from the one error table (SPEC E1)', () => {
    const e = new AppError('OUT_OF_AREA', undefined, { township: 't1' });
    expect(e.status).toBe(403);
    expect(e.message).toBe(ERROR_CODES.OUT_OF_AREA.message);
    expect(e.body()).toEqual({ error: { code: 'OUT_OF_AREA', message: ERROR_CODES.OUT_OF_AREA.message, details: { township: 't1' } } });
  });

  it('keeps a given message and a client-only code, which never goes on the wire as itself', () => {
    const e = new AppError('UNLOCK_FAILED', 'Wrong password.', { attemptsLeft: 2 });
    expect([e.code, e.message, e.details]).toEqual(['UNLOCK_FAILED', 'Wrong password.', { attemptsLeft: 2 }]);
    expect(e.status).toBe(500);
    expect(e.body().error.code).toBe('INTERNAL');
    expect(new AppError('LOCKED').message).toBe('LOCKED');
  });
});
