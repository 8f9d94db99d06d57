import { describe, expect, it } from 'vitest';
import { ageOn, idCheckChar, maskIdNumber, validateIdNumber } from './id-number';

/** The examples of id-number.md: made-up numbers, not real people. */
const TODAY = '2026-05-01';
const check = (raw: string, oldFormat?: boolean) => validateIdNumber(raw, { today: TODAY, ...(oldFormat === undefined ? {} : { oldFormat }) });

describe('validateIdNumber: the examples of id-number.md', () => {
  it('330106198503121231 is valid: male, 1985-03-12', () => {
    expect(check('330106198503121231')).toEqual({ ok: true, normalized: '330106198503121231', sex: 'male', birthDate: '1985-03-12', oldFormat: false });
  });

  it('610104197707070085 is valid: female, 1977-07-07', () => {
    expect(check('610104197707070085')).toMatchObject({ ok: true, sex: 'female', birthDate: '1977-07-07' });
  });

  it('42010619920115101X is valid with the check character X', () => {
    expect(check('42010619920115101X')).toMatchObject({ ok: true, normalized: '42010619920115101X', birthDate: '1992-01-15', sex: 'male' });
    expect(idCheckChar('42010619920115101')).toBe('X');
  });

  it('a lower-case x is read as X', () => {
    expect(check('42010619920115101x')).toMatchObject({ ok: true, normalized: '42010619920115101X' });
  });

  it("11010519491231002X is valid (the standard's own example)", () => {
    expect(check('11010519491231002X')).toMatchObject({ ok: true, birthDate: '1949-12-31', sex: 'female' });
  });

  it('330106198503121236 fails id.checkChar: it should be 1', () => {
    expect(check('330106198503121236')).toEqual({ ok: false, error: 'id.checkChar', expectedCheck: '1' });
  });

  it('610104197707070058 fails id.checkChar: it should be 0', () => {
    expect(check('610104197707070058')).toEqual({ ok: false, error: 'id.checkChar', expectedCheck: '0' });
  });

  it('520301200102294566 fails id.birthDate: 2001-02-29 does not exist, though the check character is right', () => {
    expect(idCheckChar('52030120010229456')).toBe('6');
    expect(check('520301200102294566')).toEqual({ ok: false, error: 'id.birthDate' });
  });
});

describe('validateIdNumber: each failure with its own code, in order', () => {
  it('id.length for anything but 18 characters (and 15 unflagged is id.oldFormat)', () => {
    expect(check('33010619850312123')).toEqual({ ok: false, error: 'id.length' });
    expect(check('3301061985031212311')).toEqual({ ok: false, error: 'id.length' });
    expect(check('')).toEqual({ ok: false, error: 'id.length' });
  });

  it('id.digits when one of the first 17 is not a digit', () => {
    expect(check('33010619850312A231')).toEqual({ ok: false, error: 'id.digits' });
    expect(check('X30106198503121231')).toEqual({ ok: false, error: 'id.digits' });
  });

  it('id.lastChar when the last is neither a digit nor X', () => {
    expect(check('33010619850312123Y')).toEqual({ ok: false, error: 'id.lastChar' });
  });

  it('length is checked before digits, digits before the last character, the date before the check', () => {
    expect(check('ABC')).toMatchObject({ error: 'id.length' });
    expect(check('33010619850312A23Y')).toMatchObject({ error: 'id.digits' });
    expect(check('330106198513121231')).toMatchObject({ error: 'id.birthDate' }); // month 13, wrong check too
  });

  it('id.futureBirthDate for a birth date after today (the check character being right)', () => {
    const first17 = '33010620270101123';
    expect(check(first17 + idCheckChar(first17))).toEqual({ ok: false, error: 'id.futureBirthDate' });
  });

  it('a birth date of today is not in the future', () => {
    const first17 = '33010620260501123';
    expect(check(first17 + idCheckChar(first17))).toMatchObject({ ok: true, birthDate: TODAY });
  });

  it('surrounding spaces are ignored', () => {
    expect(check(' 330106198503121231 ')).toMatchObject({ ok: true });
  });
});

describe('validateIdNumber: 15-digit old format (1989 standard)', () => {
  it('refused unless the surveyor marks it old-format (id.oldFormat)', () => {
    expect(check('330106850312123')).toEqual({ ok: false, error: 'id.oldFormat' });
    expect(check('330106850312123', false)).toEqual({ ok: false, error: 'id.oldFormat' });
  });

  it('accepted when flagged, with no check character derived: birth date 19YYMMDD and sex from the last digit', () => {
    expect(check('330106850312123', true)).toEqual({ ok: true, normalized: '330106850312123', sex: 'male', birthDate: '1985-03-12', oldFormat: true });
    expect(check('330106850312124', true)).toMatchObject({ ok: true, sex: 'female' });
  });

  it('flagged but malformed: id.digits, id.birthDate', () => {
    expect(check('33010685031212A', true)).toEqual({ ok: false, error: 'id.digits' });
    expect(check('330106850230123', true)).toEqual({ ok: false, error: 'id.birthDate' });
  });

  it('the flag does not let an 18-character number skip its checks', () => {
    expect(check('330106198503121236', true)).toMatchObject({ ok: false, error: 'id.checkChar' });
  });
});

describe('ageOn', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('1985-03-12', '2026-03-11')).toBe(40);
    expect(ageOn('1985-03-12', '2026-03-12')).toBe(41);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});

describe('maskIdNumber (privacy.md §3)', () => {
  it('shows the first four and the last four', () => {
    expect(maskIdNumber('330106198503121231')).toBe('3301**********1231');
    expect(maskIdNumber('42010619920115101X')).toBe('4201**********101X');
  });

  it('masks a 15-digit number the same way', () => {
    expect(maskIdNumber('330106850312123')).toBe('3301*******2123');
  });

  it('masks a short value entirely', () => {
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskIdNumber('')).toBe('');
  });
});
