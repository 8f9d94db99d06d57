import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeIdHmac } from '../src/sync/id-hmac';

describe('ID-number HMAC (privacy.md §4)', () => {
  it('is HMAC-SHA256 under the stored secret of the normalised number, as stored keys were made (the key object made once changes nothing)', () => {
    const secret = randomBytes(32).toString('hex');
    const hmac = makeIdHmac(secret);
    const reference = (n: string) => createHmac('sha256', Buffer.from(secret, 'hex')).update(n.trim().toUpperCase()).digest('hex');
    for (const n of ['11010519491231002X', ' 11010519491231002x ', '520102197309010007', '', '名']) expect(hmac(n)).toBe(reference(n));
    // A fixed vector: the same secret gives the same keys in every process and release.
    expect(makeIdHmac('0b'.repeat(20))('Hi There')).toBe('501aa9ec6ada0d86799312f75b78fa600d96a8a6c919489dbe7636b394c1753f');
  });
});
