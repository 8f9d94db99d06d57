import { describe, expect, it } from 'vitest';
import { checkedKinds } from './policy-form';
import { compact, splitList } from './prepared-resolver';

describe('the form values of the reference-data page', () => {
  it('splits a free-text list on lines, commas and 顿号, trimmed, without blanks or repeats', () => {
    expect(splitList(' 清河镇，柳林乡\n\n清河镇、 远山镇 ;')).toEqual(['清河镇', '柳林乡', '远山镇']);
    expect(splitList('')).toEqual([]);
  });

  it('keeps a stored exclusion list’s order and adds newly checked kinds in the schema’s order', () => {
    expect(checkedKinds(['wage', 'scholarship', 'other', 'preferential-care'], ['scholarship', 'preferential-care'])).toEqual(['scholarship', 'preferential-care', 'wage', 'other']);
    expect(checkedKinds(false, ['scholarship'])).toEqual([]);
    expect(checkedKinds('scholarship')).toEqual(['scholarship']);
  });

  it('drops undefined keys only', () => {
    expect(compact({ a: undefined, b: null, c: 0, d: '' })).toEqual({ b: null, c: 0, d: '' });
  });
});
