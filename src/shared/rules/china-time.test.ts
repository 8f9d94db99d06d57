import { describe, expect, it } from 'vitest';
import { chinaDate, formatDateTime, formatTime, isoToLocalInput, localInputToIso } from './china-time';

describe('China time (UTC+8) from an instant given as an argument', () => {
  it('dates an instant by the China calendar, whichever zone wrote it', () => {
    expect(chinaDate(new Date('2026-06-20T15:59:59Z'))).toBe('2026-06-20');
    expect(chinaDate(Date.parse('2026-06-20T16:00:00Z'))).toBe('2026-06-21');
    expect(chinaDate(Date.parse('2026-06-21T06:00:00+08:00'))).toBe('2026-06-21');
  });

  it('formats and reads back datetime-local values in China time', () => {
    expect(formatTime('2026-06-20T02:30:00Z')).toBe('10:30');
    expect(formatDateTime('2026-06-20T23:05:00Z')).toBe('2026-06-21 07:05');
    expect(isoToLocalInput('2026-06-20T23:05:00Z')).toBe('2026-06-21T07:05');
    expect(localInputToIso('2026-06-21T07:05')).toBe('2026-06-20T23:05:00.000Z');
  });

  it('gives empty text for what is not a time', () => {
    expect(formatDateTime('not a time')).toBe('');
    expect(localInputToIso('2026-06-21')).toBe('');
  });
});
