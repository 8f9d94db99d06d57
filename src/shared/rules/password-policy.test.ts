import { describe, expect, it } from 'vitest';
import { loadPasswordCheck, PASSWORD_MIN_LENGTH } from './password-policy';

describe('password policy (issue 11 §4)', () => {
  it('refuses the passwords the probe got through, each with the reason', async () => {
    const check = await loadPasswordCheck();
    expect(check('aaaaaaaa')).toBe('tooShort');
    expect(check('12345678')).toBe('tooShort');
    expect(check('aaaaaaaaaaaa')).toBe('repeated');
    expect(check('1234567890')).toBe('common');
    expect(check('qwertyuiop')).toBe('common');
    expect(check('1qaz2wsx3edc')).toBe('common');
    expect(check('zxcvbnm,./')).toBe('keyboard');
    expect(check('password-1')).toBe('common');
    expect(check('abcdefghijk')).toBe('sequence');
    expect(check('1990-01-01x')).toBe('date');
    expect(check('password123')).toBe('common');
  });

  it('accepts a long passphrase or a name with a place and a number, and names the account as personal', async () => {
    const check = await loadPasswordCheck();
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    expect(check('qinghe-river-2026')).toBeNull();
    expect(check('correct horse battery')).toBeNull();
    expect(check('zhangwei.qinghe', ['zhangwei.qinghe'])).toBe('personal');
  });
});
