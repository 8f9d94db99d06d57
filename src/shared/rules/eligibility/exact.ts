/**
 * Exact arithmetic for the rule engine. Every input figure (yuan amounts, multipliers, ratios) is a
 * decimal; a JS number prints as the shortest decimal that reads back to it, so we take that decimal
 * as the exact value and compute on fractions of BigInts. Comparisons are then exact ("strictly below
 * the standard" is never decided by float drift), and each output figure is rounded once, at the end,
 * to 0.01 half away from zero (2300 ÷ 3 → 766.67).
 */
export interface Exact {
  readonly n: bigint;
  /** Always > 0. */
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function make(n: bigint, d: bigint): Exact {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

export const ZERO: Exact = { n: 0n, d: 1n };

/** The exact decimal value of a finite JS number, read from its shortest representation. */
export function exact(x: number): Exact {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (!m) throw new RangeError(`cannot read number: ${x}`);
  const [, sign, int, frac = '', expText = '0'] = m;
  const exp = Number(expText) - frac.length;
  let n = BigInt(int! + frac);
  if (sign === '-') n = -n;
  return exp >= 0 ? make(n * 10n ** BigInt(exp), 1n) : make(n, 10n ** BigInt(-exp));
}

export function fromInt(i: number): Exact {
  return make(BigInt(i), 1n);
}

export const add = (a: Exact, b: Exact): Exact => make(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Exact, b: Exact): Exact => make(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Exact, b: Exact): Exact => make(a.n * b.n, a.d * b.d);
export const div = (a: Exact, b: Exact): Exact => make(a.n * b.d, a.d * b.n);
export const sum = (xs: readonly Exact[]): Exact => xs.reduce(add, ZERO);

/** −1, 0 or 1. */
export function cmp(a: Exact, b: Exact): number {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}
export const lt = (a: Exact, b: Exact): boolean => cmp(a, b) < 0;
export const le = (a: Exact, b: Exact): boolean => cmp(a, b) <= 0;
export const gt = (a: Exact, b: Exact): boolean => cmp(a, b) > 0;
export const max = (a: Exact, b: Exact): Exact => (cmp(a, b) >= 0 ? a : b);
export const min = (a: Exact, b: Exact): Exact => (cmp(a, b) <= 0 ? a : b);
export const isZero = (a: Exact): boolean => a.n === 0n;

/** Rounded to `places` decimals, half away from zero, as the nearest JS number. */
export function round(a: Exact, places = 2): number {
  const scale = 10n ** BigInt(places);
  const neg = a.n < 0n;
  const num = (neg ? -a.n : a.n) * scale;
  let q = num / a.d;
  if ((num % a.d) * 2n >= a.d) q += 1n;
  // Number(q) is exact below 2^53; dividing two exact doubles gives the double nearest the decimal.
  const v = Number(q) / Number(scale);
  return neg && v !== 0 ? -v : v;
}

/** Money figure: rounded to 0.01. */
export const yuan = (a: Exact): number => round(a, 2);
