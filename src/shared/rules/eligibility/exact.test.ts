import { describe, expect, it } from 'vitest';
import { add, cmp, div, exact, fromInt, lt, mul, round, sub, yuan } from './exact';

describe('exact money arithmetic (D1 benefit, per-capita figures)', () => {
  it('2300 ÷ 3 rounds to 766.67', () => {
    expect(yuan(div(exact(2300), fromInt(3)))).toBe(766.67);
  });

  it('rounds half away from zero on the cent', () => {
    expect(yuan(exact(1.005))).toBe(1.01);
    expect(yuan(exact(2.675))).toBe(2.68);
    expect(yuan(exact(-1.005))).toBe(-1.01);
    expect(yuan(exact(0.004))).toBe(0);
    expect(yuan(div(exact(1000.01), fromInt(2)))).toBe(500.01);
  });

  it('adds decimals without float drift', () => {
    expect(cmp(add(exact(0.1), exact(0.2)), exact(0.3))).toBe(0);
    expect(lt(add(add(exact(599.3), exact(0.3)), exact(0.4)), exact(600))).toBe(false);
    expect(yuan(sub(mul(exact(800), fromInt(3)), exact(2300)))).toBe(100);
  });

  it('reads numbers in exponent notation', () => {
    expect(cmp(exact(1e-7), div(fromInt(1), fromInt(10_000_000)))).toBe(0);
    expect(cmp(exact(1e21), mul(exact(1e10), exact(1e11)))).toBe(0);
    expect(round(div(fromInt(1), fromInt(3)), 4)).toBe(0.3333);
  });

  it('refuses non-finite numbers', () => {
    expect(() => exact(Number.NaN)).toThrow(RangeError);
    expect(() => exact(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => div(fromInt(1), fromInt(0))).toThrow(RangeError);
  });
});
