import type { IncomeKind } from '../../schema/policy';
import { exact, max, min, sub, sum, ZERO, type Exact } from './exact';
import type { Member } from './household-schema';

export interface MemberIncome {
  /** Every item, excluded kinds included. */
  total: Exact;
  excluded: Exact;
  /** Countable before the employment-cost deduction. */
  gross: Exact;
  /** The deduction actually taken: min(wage, employmentCostDeduction). */
  deduction: Exact;
  countable: Exact;
}

/**
 * E2 countable income of a member: the items whose kind is not excluded; the employment-cost
 * deduction is taken once from the member's wage total and never takes it below 0. The same function
 * with excludedIncomeTekun gives the own income that T2 compares with the standard.
 */
export function memberIncome(member: Member, excluded: readonly IncomeKind[], employmentCostDeduction: number): MemberIncome {
  const items = member.income.map((i) => ({ kind: i.kind, amount: exact(i.monthly) }));
  const counted = items.filter((i) => !excluded.includes(i.kind));
  const total = sum(items.map((i) => i.amount));
  const gross = sum(counted.map((i) => i.amount));
  const wage = sum(counted.filter((i) => i.kind === 'wage').map((i) => i.amount));
  const deduction = max(ZERO, min(wage, exact(employmentCostDeduction)));
  return { total, excluded: sub(total, gross), gross, deduction, countable: sub(gross, deduction) };
}
