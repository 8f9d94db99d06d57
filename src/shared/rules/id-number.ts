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

function realDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/**
 * Validates in the order the domain file gives, each failure with its own code.
 * A 15-digit number (1989 standard) is accepted only when `oldFormat` is set; it has no check character.
 * `today` (YYYY-MM-DD, from the caller's clock) adds the future-birth-date check; without it only the
 * number's form is checked (the zod schemas, which have no clock: see schema/dated-checks.ts).
 */
export function validateIdNumber(raw: string, opts: { today?: string | undefined; oldFormat?: boolean }): IdNumberResult {
  const value = raw.trim().toUpperCase();
  if (opts.oldFormat && value.length === 15) {
    if (!/^\d{15}$/.test(value)) return { ok: false, error: 'id.digits' };
    const y = 1900 + Number(value.slice(6, 8));
    const m = Number(value.slice(8, 10));
    const d = Number(value.slice(10, 12));
    if (!realDate(y, m, d)) return { ok: false, error: 'id.birthDate' };
    const birthDate = `${y}-${value.slice(8, 10)}-${value.slice(10, 12)}`;
    if (opts.today !== undefined && birthDate > opts.today) return { ok: false, error: 'id.futureBirthDate' };
    return { ok: true, normalized: value, sex: Number(value[14]) % 2 === 1 ? 'male' : 'female', birthDate, oldFormat: true };
  }
  if (value.length !== 18) return { ok: false, error: value.length === 15 ? 'id.oldFormat' : 'id.length' };
  if (!/^\d{17}$/.test(value.slice(0, 17))) return { ok: false, error: 'id.digits' };
  if (!/^[\dX]$/.test(value[17]!)) return { ok: false, error: 'id.lastChar' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  if (!realDate(y, m, d)) return { ok: false, error: 'id.birthDate' };
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (opts.today !== undefined && birthDate > opts.today) return { ok: false, error: 'id.futureBirthDate' };
  const expected = idCheckChar(value.slice(0, 17));
  if (expected !== value[17]) return { ok: false, error: 'id.checkChar', expectedCheck: expected };
  return { ok: true, normalized: value, sex: Number(value[16]) % 2 === 1 ? 'male' : 'female', birthDate, oldFormat: false };
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
