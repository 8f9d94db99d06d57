import { describe, expect, it } from 'vitest';
import { POLICY } from '../../../test/helpers/eligibility-builders';
import { eligibilityPolicySchema, INCOME_KINDS, policyRecordSchema } from './policy';

describe('eligibility policy', () => {
  it('parses the bare parameters the engine takes', () => {
    expect(eligibilityPolicySchema.parse(POLICY)).toStrictEqual(POLICY);
  });

  it('wraps them in the synced record with township and policy version', () => {
    const record = { id: 'policy-0001', township: '330106001', policyVersion: 3, effectiveFrom: '2026-01-01', source: '示例文件（虚构）', parameters: POLICY };
    expect(policyRecordSchema.parse(record)).toStrictEqual(record);
    expect(policyRecordSchema.safeParse({ ...record, policyVersion: 0 }).success).toBe(false);
    expect(policyRecordSchema.safeParse({ ...record, parameters: undefined }).success).toBe(false);
  });

  it('refuses a zero standard, a negative deduction and an unknown income kind', () => {
    const bad = (over: object) => eligibilityPolicySchema.safeParse({ ...POLICY, ...over });
    expect(bad({ standard: { urban: 800, rural: 0 } }).error?.issues[0]?.message).toBe('policy.positive');
    expect(bad({ employmentCostDeduction: -1 }).success).toBe(false);
    expect(bad({ excludedIncome: ['lottery'] }).success).toBe(false);
  });

  it('knows the sixteen income kinds of eligibility.md', () => {
    expect(INCOME_KINDS).toHaveLength(16);
  });
});
