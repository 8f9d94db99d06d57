import { describe, expect, it } from 'vitest';
import { checkChangeShape, MAX_CHANGE_DEPTH, MAX_CHANGE_KEYS } from './change-bounds';

describe('[B1] the shape of one change', () => {
  const nested = (levels: number) => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = { a: v };
    return v;
  };

  it('accepts a real record: a few levels, a few hundred keys', () => {
    const members = Array.from({ length: 30 }, (_, i) => ({ name: `m${i}`, idNumber: 'x', relation: 'child', health: { disabled: false } }));
    expect(checkChangeShape({ head: { name: '王芳' }, members, origin: { village: '河东村' } })).toBeNull();
    expect(checkChangeShape(nested(MAX_CHANGE_DEPTH))).toBeNull();
  });

  it('stops at the first bound passed, without recursion, even 100,000 levels deep', () => {
    expect(checkChangeShape(nested(MAX_CHANGE_DEPTH + 1))).toEqual({ kind: 'depth', limit: MAX_CHANGE_DEPTH });
    expect(checkChangeShape(nested(100_000))).toEqual({ kind: 'depth', limit: MAX_CHANGE_DEPTH });
    expect(checkChangeShape({ list: Array.from({ length: MAX_CHANGE_KEYS }, () => 0) })).toEqual({ kind: 'keys', limit: MAX_CHANGE_KEYS });
    expect(checkChangeShape([[[]]])).toBeNull();
  });
});
