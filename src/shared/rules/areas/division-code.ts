import type { DivisionLevel } from '../../schema/division';

/**
 * The structure of the 12-character division code (统计用区划代码): province 2, city 2, county 2,
 * township 3, village 3. A division's level is its last group that is not all zeros; its parent's code
 * is its own with that group zeroed.
 *
 * Provisional codes (made by the upgrade from township names, before the administrator enters the
 * official ones) have the same structure but start with the letter `L` instead of a digit, so no
 * official code (12 digits) can ever equal one. They live under one provisional province `L00000000000`
 * and city `L00100000000`; counties are `L001CC000000`, townships `L001CCTTT000`. See README "Areas".
 */
export const DIVISION_CODE_PATTERN = /^(?:\d{12}|L\d{11})$/;
export const PROVISIONAL_PROVINCE = 'L00000000000';

const GROUPS: { level: DivisionLevel; start: number; end: number }[] = [
  { level: 'province', start: 0, end: 2 },
  { level: 'city', start: 2, end: 4 },
  { level: 'county', start: 4, end: 6 },
  { level: 'township', start: 6, end: 9 },
  { level: 'village', start: 9, end: 12 },
];

export function isDivisionCode(code: string): boolean {
  return DIVISION_CODE_PATTERN.test(code);
}

export function isProvisionalCode(code: string): boolean {
  return isDivisionCode(code) && code.startsWith('L');
}

const zero = (s: string) => /^0+$/.test(s);

/**
 * The level of a code, or null when the code is malformed: not 12 characters, all zeros, or a lower
 * group set under a zero group (e.g. a township group under a county group of 00).
 */
export function levelOfCode(code: string): DivisionLevel | null {
  if (!isDivisionCode(code)) return null;
  let last = -1;
  for (let i = 0; i < GROUPS.length; i++) {
    const g = GROUPS[i]!;
    if (!zero(code.slice(g.start, g.end))) {
      if (last !== i - 1) return null;
      last = i;
    }
  }
  return last < 0 ? null : GROUPS[last]!.level;
}

/** The parent's code (its own code with its last group zeroed); null for a province or a malformed code. */
export function parentCodeOf(code: string): string | null {
  const level = levelOfCode(code);
  if (level === null || level === 'province') return null;
  const g = GROUPS.find((x) => x.level === level)!;
  return code.slice(0, g.start) + '0'.repeat(12 - g.start);
}

/** The code of the ancestor at `level` (e.g. the county of a township), or null when the code is above it. */
export function ancestorCodeAt(code: string, level: DivisionLevel): string | null {
  const own = levelOfCode(code);
  if (own === null) return null;
  const want = GROUPS.findIndex((g) => g.level === level);
  if (GROUPS.findIndex((g) => g.level === own) < want) return null;
  const g = GROUPS[want]!;
  return code.slice(0, g.end) + '0'.repeat(12 - g.end);
}
