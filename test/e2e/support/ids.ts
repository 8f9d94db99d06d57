import { idCheckChar } from '../../../src/shared/rules/id-number';

/** A made-up but valid ID number (not a real person): address 330106, the given birth date, sequence n. */
export function madeUpIdNumber(n: number, birth = '19850312'): string {
  const first17 = `330106${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}
