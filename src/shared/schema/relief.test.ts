import { describe, expect, it } from 'vitest';
import { entitlementSchema } from './entitlement';
import { ENTITY_DEFINITIONS } from './registry';
import { reliefDistributionSchema, roundKey } from './relief';

const base = {
  id: 'relief-0001',
  eventId: 'event-0620-flood',
  householdId: 'hh-qh-0001',
  at: '2026-06-21T10:00:00+08:00',
  issuingOfficer: '王干事',
  round: 1,
  item: { category: 'goods', kind: 'quilt' },
  quantity: 2,
  unit: '床',
  cashValue: 100,
  payment: 'in-kind',
  recipient: { confirmation: 'thumbprint', attachmentSha256: 'a'.repeat(64) },
};
const messages = (v: unknown) => {
  const r = reliefDistributionSchema.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
};

describe('reliefDistributionSchema', () => {
  it('accepts a goods hand-out in kind, and a cash one by card with a proxy receiver', () => {
    expect(messages(base)).toEqual([]);
    const cash = { ...base, item: { category: 'cash', kind: 'winter-spring' }, payment: 'card', quantity: 500, unit: '元', cashValue: 500, round: '2026冬春-1',
      recipient: { ...base.recipient, proxy: { name: '李四', relation: '儿子' } } };
    expect(messages(cash)).toEqual([]);
  });

  it('refuses cash paid in kind, goods paid in cash, cash of zero, a goods kind under cash', () => {
    expect(messages({ ...base, item: { category: 'cash', kind: 'emergency' } })).toContain('payment:payment.cashInKind');
    expect(messages({ ...base, payment: 'cash' })).toContain('payment:payment.goodsNotInKind');
    expect(messages({ ...base, item: { category: 'cash', kind: 'emergency' }, payment: 'cash', cashValue: 0 })).toContain('cashValue:cashValue.min');
    expect(messages({ ...base, item: { category: 'cash', kind: 'quilt' } }).length).toBeGreaterThan(0);
  });

  it('needs the confirmation photo’s hash and a positive quantity', () => {
    expect(messages({ ...base, recipient: { confirmation: 'signature', attachmentSha256: 'nope' } })).toContain('recipient.attachmentSha256:sha256.invalid');
    expect(messages({ ...base, quantity: 0 })).toContain('quantity:quantity.min');
  });

  it('rounds typed as 1 and "1" are the same round', () => {
    expect(roundKey(1)).toBe(roundKey(' 1 '));
  });

  it('is a field entity tablets may push (registry, form version 1)', () => {
    expect(ENTITY_DEFINITIONS.relief).toMatchObject({ formVersion: 1, acceptedFormVersions: [1] });
  });
});

describe('entitlementSchema', () => {
  const e = { id: 'ent-quilt-r1', eventId: 'event-0620-flood', round: 1, itemKind: 'quilt', maxQuantity: 4, township: null };
  it('county-wide or per township, once per round by default', () => {
    expect(entitlementSchema.parse(e).oncePerRound).toBe(true);
    expect(entitlementSchema.safeParse({ ...e, township: '柳林乡' }).success).toBe(true);
  });
  it('needs a max quantity or a max value', () => {
    expect(entitlementSchema.safeParse({ ...e, maxQuantity: undefined }).success).toBe(false);
    expect(entitlementSchema.safeParse({ ...e, maxQuantity: undefined, maxValue: 500 }).success).toBe(true);
  });
});
