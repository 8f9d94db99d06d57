import type { EligibilityPolicy } from '../../schema/policy';
import type { Reason } from './assessment-schema';
import { isSevereDisability } from './disability';
import { div, exact, fromInt, lt, mul, sub, sum, yuan, type Exact } from './exact';
import type { Member } from './household-schema';
import type { MemberIncome } from './income';

export interface DibaoInput {
  /** The n counted members not assessed 特困, in input order. */
  members: readonly Member[];
  income: ReadonlyMap<string, MemberIncome>;
  standard: Exact;
  assetsWithinLimit: boolean;
  policy: EligibilityPolicy;
  /** Members who already have a programme of their own (C1 children): not assessed alone by D3. */
  withOwnProgramme: ReadonlySet<string>;
}

export interface DibaoResult {
  household: 'dibao' | 'low-income' | null;
  /** Exact Σ countable income ÷ n; null when n = 0. */
  perCapita: Exact | null;
  householdBenefit: number | null;
  /** D3: member id → monthly benefit as a one-person 低保 household. */
  singles: Map<string, number>;
  reasons: Reason[];
}

/**
 * D1 低保, D2 低保边缘 and D3 单人户 (eligibility.md).
 * Benefit = (standard − per-capita income) × n, computed exactly as n × standard − Σ income and rounded
 * once: 2300 over 3 members under a standard of 800 gives 100.00, not (800 − 766.67) × 3 = 99.99.
 */
export function assessDibao(input: DibaoInput): DibaoResult {
  const { members, standard, assetsWithinLimit, policy } = input;
  const n = members.length;
  const total = sum(members.map((m) => input.income.get(m.id)!.countable));
  const reasons: Reason[] = [];
  if (n === 0) {
    reasons.push({ rule: 'D1', n, totalIncome: yuan(total), perCapitaIncome: null, standard: yuan(standard), assetsWithinLimit, outcome: false, benefit: null });
    return { household: null, perCapita: null, householdBenefit: null, singles: new Map(), reasons };
  }

  const perCapita = div(total, fromInt(n));
  // D1: strictly below the standard.
  const dibao = assetsWithinLimit && lt(perCapita, standard);
  const benefit = dibao ? yuan(sub(mul(standard, fromInt(n)), total)) : null;
  reasons.push({ rule: 'D1', n, totalIncome: yuan(total), perCapitaIncome: yuan(perCapita), standard: yuan(standard), assetsWithinLimit, outcome: dibao, benefit });
  if (dibao) return { household: 'dibao', perCapita, householdBenefit: benefit, singles: new Map(), reasons };

  // D2: strictly below multiplier × standard (exactly 1.5 × the standard is not low-income).
  const ceiling = mul(exact(policy.lowIncomeMultiplier), standard);
  const lowIncome = assetsWithinLimit && lt(perCapita, ceiling);
  reasons.push({ rule: 'D2', perCapitaIncome: yuan(perCapita), multiplier: policy.lowIncomeMultiplier, ceiling: yuan(ceiling), assetsWithinLimit, outcome: lowIncome });
  if (!lowIncome) return { household: null, perCapita, householdBenefit: null, singles: new Map(), reasons };

  // D3: only in a 低保边缘 household; each member with a severe disability or a major illness alone.
  const singles = new Map<string, number>();
  for (const m of members) {
    if (input.withOwnProgramme.has(m.id)) continue;
    const basis = isSevereDisability(m.disability) ? 'disability' : m.health === 'major-illness' ? 'major-illness' : null;
    if (!basis) continue;
    const own = input.income.get(m.id)!.countable;
    const single = lt(own, standard);
    const singleBenefit = single ? yuan(sub(standard, own)) : null;
    reasons.push({ rule: 'D3', memberId: m.id, basis, income: yuan(own), standard: yuan(standard), outcome: single, benefit: singleBenefit });
    if (singleBenefit !== null) singles.set(m.id, singleBenefit);
  }
  return { household: 'low-income', perCapita, householdBenefit: null, singles, reasons };
}
