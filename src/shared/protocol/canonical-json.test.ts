import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

/** The first implementation, word for word: stored content hashes (SPEC P8) were made from its text. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

/** A small deterministic generator of JSON-ish values, awkward keys and numbers included. */
function values(seed: number, count: number): unknown[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const keys = ['b', 'a', 'A', '10', '2', '0', '-1', 'é', '名', '😀', 'a"b', 'z\n', '', '__x', 'aa', 'ab'];
  const numbers = [0, -0, 1.5, -3, 1e21, 1e-7, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, 0.1 + 0.2];
  const make = (depth: number): unknown => {
    const r = rnd();
    if (depth > 3 || r < 0.3) {
      const p = Math.floor(rnd() * 7);
      return [null, true, false, undefined, 'text "quoted" \u2028 名字', numbers[Math.floor(rnd() * numbers.length)], ''][p];
    }
    if (r < 0.55) return Array.from({ length: Math.floor(rnd() * 4) }, () => make(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(rnd() * 6); i > 0; i--) o[keys[Math.floor(rnd() * keys.length)]!] = make(depth + 1);
    return o;
  };
  return Array.from({ length: count }, () => make(0));
}

describe('canonicalJson (SPEC P8: the text content hashes are made of)', () => {
  it('P8: gives the same text, byte for byte, as the first implementation', () => {
    for (const v of values(7, 3000)) expect(canonicalJson(v)).toBe(reference(v));
  });

  it('P8: sorts keys at every level, whatever order they came in', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });

  it('P8: integer-like keys sort as text, undefined members go, undefined in arrays is null', () => {
    expect(canonicalJson({ '10': 1, '2': 2, a: undefined, b: [undefined, 1] })).toBe('{"10":1,"2":2,"b":[null,1]}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(Number.NaN)).toBe('null');
  });

  it('P8: strings quoted without JSON.stringify, kept keys and keys already in order give the same text as the first implementation', () => {
    // Every class of character JSON treats apart: quote, backslash, controls, DEL, U+2028, lone and paired surrogates.
    const parts = ['a', '名', '"', '\\', '\u0000', '\n', '\u001f', '\u007f', '\u2028', '\ud83d', '\ude00', '😀', ' ', '\t', 'é'];
    let s = 11;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const text = () => Array.from({ length: Math.floor(rnd() * 6) }, () => parts[Math.floor(rnd() * parts.length)]).join('');
    for (let i = 0; i < 3000; i++) {
      const str = text();
      expect(canonicalJson(str)).toBe(reference(str));
      // The same string as a key (quoted once, then from the kept text) and as a value, in and out of order.
      const o = { [str]: str, zz: [str, { [str + 'x']: 1, a: str }], b: 1 };
      expect(canonicalJson(o)).toBe(reference(o));
      expect(canonicalJson(o)).toBe(reference(o));
    }
    // More keys than are kept, and keys too long to keep: written the same.
    const many = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}${'x'.repeat(i % 100)}`, i]));
    expect(canonicalJson(many)).toBe(reference(many));
    expect(canonicalJson(many)).toBe(reference(many));
    expect(canonicalJson({ a: 1, b: { c: 2, d: [1, { e: 3 }] } })).toBe('{"a":1,"b":{"c":2,"d":[1,{"e":3}]}}');
  });
});
