import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { parseRetryAfter } from './retry-after';

describe('back-off and Retry-After', () => {
  it('[E3] full jitter between 5 s and a ceiling that doubles per failure up to 5 min', () => {
    const max = (n: number) => backoffDelay(n, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => Math.round(max(n) / 1000))).toEqual([5, 10, 20, 40, 80, 160, 300, 300, 300]);
    for (let n = 1; n < 30; n++) {
      expect(backoffDelay(n, () => 0)).toBe(5_000);
      for (const r of [0.1, 0.5, 0.9]) {
        const d = backoffDelay(n, () => r);
        expect(d).toBeGreaterThanOrEqual(5_000);
        expect(d).toBeLessThanOrEqual(300_000);
      }
    }
  });

  it('[E2] reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-07-01T08:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 01 Jul 2025 08:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
