/**
 * Citizen ID number checks (GB 11643-1999), see ../shared/domain/id-number.md.
 * Pure: the caller passes "today" so tests never depend on the clock.
 */
export type IdNumberError =
  | 'id.length'
  | 'id.digits'
  | 'id.lastChar'
  | 'id.birthDate'
  | 'id.futureBirthDate'
  | 'id.checkChar'
  | 'id.oldFormat';

export type IdNumberResult =
  | { ok: true; normalized: string; sex: 'male' | 'female'; birthDate: string; oldFormat: boolean; expectedCheck?: undefined }
  | { ok: false; error: IdNumberError; expectedCheck?: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character over the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Whether value[from, to) are all ASCII digits (what `\d` matches without the `u` flag). */
function allDigits(value: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The number written by the digits value[from, to) (checked digits only). */
function digitsAt(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (value.charCodeAt(i) - 48);
  return n;
}

/**
 * Whether y-m-d is a day of the proleptic Gregorian calendar, as `new Date(Date.UTC(y, m - 1, d))` reading
 * back the same y, m and d said — including its one quirk: Date.UTC takes a year 0–99 as 1900–1999, so
 * such a year never reads back and is no date. Arithmetic, not a Date per number (issue 14: the server
 * checks every ID number of every record pushed, twice with the dated checks).
 */
function realDate(y: number, m: number, d: number): boolean {
  if (y < 100 || m < 1 || m > 12 || d < 1) return false;
  if (m === 2) return d <= ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28);
  return d <= (m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
}

/**
 * Validates in the order the domain file gives, each failure with its own code.
 * A 15-digit number (1989 standard) is accepted only when `oldFormat` is set; it has no check character.
 * `today` (YYYY-MM-DD, from the caller's clock) adds the future-birth-date check; without it only the
 * number's form is checked (the zod schemas, which have no clock: see schema/dated-checks.ts).
 * Character codes rather than slices and regular expressions (issue 14): the same answers, without the
 * garbage of a dozen strings per number.
 */
export function validateIdNumber(raw: string, opts: { today?: string | undefined; oldFormat?: boolean }): IdNumberResult {
  const value = raw.trim().toUpperCase();
  if (opts.oldFormat && value.length === 15) {
    if (!allDigits(value, 0, 15)) return { ok: false, error: 'id.digits' };
    const y = 1900 + digitsAt(value, 6, 8);
    if (!realDate(y, digitsAt(value, 8, 10), digitsAt(value, 10, 12))) return { ok: false, error: 'id.birthDate' };
    const birthDate = `${y}-${value.slice(8, 10)}-${value.slice(10, 12)}`;
    if (opts.today !== undefined && birthDate > opts.today) return { ok: false, error: 'id.futureBirthDate' };
    return { ok: true, normalized: value, sex: (value.charCodeAt(14) - 48) % 2 === 1 ? 'male' : 'female', birthDate, oldFormat: true };
  }
  if (value.length !== 18) return { ok: false, error: value.length === 15 ? 'id.oldFormat' : 'id.length' };
  if (!allDigits(value, 0, 17)) return { ok: false, error: 'id.digits' };
  const last = value.charCodeAt(17);
  if (last !== 88 && (last < 48 || last > 57)) return { ok: false, error: 'id.lastChar' }; // a digit or X
  if (!realDate(digitsAt(value, 6, 10), digitsAt(value, 10, 12), digitsAt(value, 12, 14))) return { ok: false, error: 'id.birthDate' };
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (opts.today !== undefined && birthDate > opts.today) return { ok: false, error: 'id.futureBirthDate' };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (value.charCodeAt(i) - 48) * WEIGHTS[i]!;
  const expected = CHECK_CHARS[sum % 11]!;
  if (expected !== value[17]) return { ok: false, error: 'id.checkChar', expectedCheck: expected };
  return { ok: true, normalized: value, sex: (value.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female', birthDate, oldFormat: false };
}

/** Age in whole years on `today` (YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** 3301**********1231: first four and last four shown (privacy.md §3). */
export function maskIdNumber(value: string): string {
  if (value.length <= 8) return '*'.repeat(value.length);
  return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}
