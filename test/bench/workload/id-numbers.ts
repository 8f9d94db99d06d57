import { idCheckChar } from '../../../src/shared/rules/id-number';
import type { Rng } from './prng';

/** County-level address codes (real code layout, used here only as made-up numbers' prefixes). */
const ADDRESS_CODES = ['330102', '330106', '340102', '360102', '420102', '430102', '450102', '510104', '520102', '530102'] as const;

/**
 * A made-up but valid 18-character ID number (GB 11643-1999): address code, birth date, a 3-digit
 * sequence whose last digit is odd for men and even for women, and the MOD 11-2 check character.
 * `serial` keeps numbers distinct across a workload (the sequence and the birth day both depend on it).
 */
export function madeUpIdNumber(rng: Rng, birthDate: string, sex: 'male' | 'female', serial: number): string {
  const seqBase = serial % 500;
  const seq = String(seqBase * 2 + (sex === 'male' ? 1 : 0)).padStart(3, '0');
  const first17 = rng.pick(ADDRESS_CODES) + birthDate.replaceAll('-', '') + seq;
  return first17 + idCheckChar(first17);
}

/** A birth date giving an age between minAge and maxAge in 2025 (never in the future). */
export function birthDate(rng: Rng, minAge: number, maxAge: number): string {
  const year = 2025 - rng.int(minAge, maxAge);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function ageIn2025(birth: string): number {
  return 2025 - Number(birth.slice(0, 4));
}
