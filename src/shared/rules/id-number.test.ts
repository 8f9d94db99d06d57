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

/**
 * The first implementation (slices, regular expressions and a Date per number), kept as the oracle of
 * the allocation-free one (issue 14): every answer must stay the same, a year 0–99 included (Date.UTC
 * reads it as 19xx, so it never was a date).
 */
function oracle(raw: string, opts: { today?: string; oldFormat?: boolean }): ReturnType<typeof validateIdNumber> {
  const realDate = (y: number, m: number, d: number) => {
    const dt = new Date(Date.UTC(y, m - 1, d));
    return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
  };
  const value = raw.trim().toUpperCase();
  if (opts.oldFormat && value.length === 15) {
    if (!/^\d{15}$/.test(value)) return { ok: false, error: 'id.digits' };
    const y = 1900 + Number(value.slice(6, 8));
    if (!realDate(y, Number(value.slice(8, 10)), Number(value.slice(10, 12)))) return { ok: false, error: 'id.birthDate' };
    const birthDate = `${y}-${value.slice(8, 10)}-${value.slice(10, 12)}`;
    if (opts.today !== undefined && birthDate > opts.today) return { ok: false, error: 'id.futureBirthDate' };
    return { ok: true, normalized: value, sex: Number(value[14]) % 2 === 1 ? 'male' : 'female', birthDate, oldFormat: true };
  }
  if (value.length !== 18) return { ok: false, error: value.length === 15 ? 'id.oldFormat' : 'id.length' };
  if (!/^\d{17}$/.test(value.slice(0, 17))) return { ok: false, error: 'id.digits' };
  if (!/^[\dX]$/.test(value[17]!)) return { ok: false, error: 'id.lastChar' };
  if (!realDate(Number(value.slice(6, 10)), Number(value.slice(10, 12)), Number(value.slice(12, 14)))) return { ok: false, error: 'id.birthDate' };
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (opts.today !== undefined && birthDate > opts.today) return { ok: false, error: 'id.futureBirthDate' };
  const expected = idCheckChar(value.slice(0, 17));
  if (expected !== value[17]) return { ok: false, error: 'id.checkChar', expectedCheck: expected };
  return { ok: true, normalized: value, sex: Number(value[16]) % 2 === 1 ? 'male' : 'female', birthDate, oldFormat: false };
}

describe('validateIdNumber: the same answers as the Date-based implementation (issue 14)', () => {
  // A small seeded generator (mulberry32): numbers near the edges of every check, deterministic.
  let seed = 20261206;
  const next = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const two = (n: number) => String(n).padStart(2, '0');
  const years = ['0000', '0050', '0099', '0100', '1600', '1700', '1899', '1900', '1949', '1985', '2000', '2024', '2026', '2027', '2100', '9999'];
  const dates = () => `${pick(years)}${two(pick([0, 1, 2, 4, 6, 9, 11, 12, 13, 99]))}${two(pick([0, 1, 28, 29, 30, 31, 32]))}`;
  const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(next() * 10))).join('');
  const noise = ['', ' ', 'x', 'X', 'A', '/', ':', '１', '\u00df', '\ud83d'];
  const candidates: string[] = [];
  for (let i = 0; i < 4000; i++) {
    const first17 = `${digits(6)}${dates()}${digits(3)}`;
    const kind = i % 8;
    if (kind === 0) candidates.push(first17 + idCheckChar(first17));
    else if (kind === 1) candidates.push(first17 + pick(['0', '5', 'X', 'x', 'Y', '\u00df']));
    else if (kind === 2) candidates.push(`${digits(6)}${dates().slice(2)}${digits(3)}`); // 15 characters
    else if (kind === 3) {
      const s = first17 + idCheckChar(first17);
      const at = Math.floor(next() * 18);
      candidates.push(s.slice(0, at) + pick(noise) + s.slice(at + 1));
    } else if (kind === 4) candidates.push(`${pick(noise)}${first17}${idCheckChar(first17)}${pick(noise)}`);
    else if (kind === 5) candidates.push(digits(Math.floor(next() * 20)));
    else if (kind === 6) candidates.push(`${digits(6)}${pick(['00', '19', '85', '99'])}${two(pick([0, 2, 12, 13]))}${two(pick([0, 29, 30, 31]))}${digits(3)}`);
    else candidates.push(` ${first17.toLowerCase()}${pick(['x', '1'])} `);
  }
  it('over 4,000 generated numbers, with and without the old-format flag and today', () => {
    for (const raw of candidates) {
      for (const opts of [{}, { today: '2026-05-01' }, { oldFormat: true }, { oldFormat: true, today: '1985-03-12' }]) {
        expect(validateIdNumber(raw, opts), JSON.stringify([raw, opts])).toEqual(oracle(raw, opts));
      }
    }
  });

  it('a year below 100 is no date, as Date.UTC made it', () => {
    const first17 = '33010600500312123';
    expect(validateIdNumber(first17 + idCheckChar(first17), {})).toEqual({ ok: false, error: 'id.birthDate' });
    const leap = '33010616000229123'; // 1600 is a leap year, 1700 is not
    expect(validateIdNumber(leap + idCheckChar(leap), {})).toMatchObject({ ok: true, birthDate: '1600-02-29' });
    const notLeap = '33010617000229123';
    expect(validateIdNumber(notLeap + idCheckChar(notLeap), {})).toEqual({ ok: false, error: 'id.birthDate' });
  });
});
