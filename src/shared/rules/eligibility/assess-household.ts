import type { EligibilityPolicy } from '../../schema/policy';
import type { Assessment, PersonOutcome, Reason } from './assessment-schema';
import { assessAssets } from './assets';
import { assessChild } from './children';
import { assessDibao } from './dibao';
import { exact, sum, yuan } from './exact';
import type { Household } from './household-schema';
import { memberIncome } from './income';
import { assessRigidSpending } from './rigid-spending';
import { spendingRatio } from './spending-ratio';
import { assessTekun } from './tekun';
import { assessTemporaryAssistance } from './temporary-assistance';

/**
 * The eligibility pre-assessment (eligibility.md): a pure, deterministic function of the household
 * and the bare policy parameters, shared by the app and the server. Never a decision.
 *
 * Order: E1 counted members → E2 incomes → A1 assets → per counted member C1 (under 18 with parents
 * recorded) or else T1–T4 特困 → D1/D2/D3 over the counted members not 特困 → R1 → K1.
 * `reasons` follow that order; per-member entries follow the members' input order.
 */
export function assessHousehold(household: Household, policy: EligibilityPolicy): Assessment {
  const standard = exact(policy.standard[household.residence]);
  const reasons: Reason[] = [];

  // E1
  for (const m of household.members) {
    reasons.push({
      rule: 'E1',
      memberId: m.id,
      counted: !m.notCountedReason,
      ...(m.notCountedReason ? { notCountedReason: m.notCountedReason } : {}),
    });
  }
  const counted = household.members.filter((m) => !m.notCountedReason);

  // E2 (and the same sum with the 特困 exclusions, for T2)
  const income = new Map(counted.map((m) => [m.id, memberIncome(m, policy.excludedIncome, policy.employmentCostDeduction)]));
  const tekunIncome = new Map(counted.map((m) => [m.id, memberIncome(m, policy.excludedIncomeTekun, policy.employmentCostDeduction)]));
  for (const m of counted) {
    const i = income.get(m.id)!;
    reasons.push({ rule: 'E2', memberId: m.id, total: yuan(i.total), excluded: yuan(i.excluded), gross: yuan(i.gross), deduction: yuan(i.deduction), countable: yuan(i.countable) });
  }

  // A1
  const a1 = assessAssets(household.financialAssets, counted.length, household.otherAssetsWithinLimit, standard, policy.financialAssetMonths);
  reasons.push(a1);
  const assetsWithinLimit = a1.outcome;

  // C1, then 特困 for everyone else: a child under 18 who is an orphan or without de facto care gets
  // that programme instead of 特困, and stays among the n members of the household's 低保 (case H8).
  const childReasons = new Map(counted.map((m) => [m.id, assessChild(m)]));
  const children = new Map<string, 'orphan' | 'child-without-care'>();
  for (const [id, r] of childReasons) if (r?.outcome) children.set(id, r.outcome);
  const tekun = assessTekun({
    members: counted.filter((m) => !children.has(m.id)),
    counted,
    supporters: household.supporters,
    income,
    tekunIncome,
    standard,
    assetsWithinLimit,
    policy,
  });
  for (const m of counted) {
    const c1 = childReasons.get(m.id);
    if (c1) reasons.push(c1);
    reasons.push(...(tekun.reasons.get(m.id) ?? []));
  }

  // D1–D3 over the counted members not assessed 特困
  const rest = counted.filter((m) => !tekun.tekun.has(m.id));
  const dibao = assessDibao({ members: rest, income, standard, assetsWithinLimit, policy, withOwnProgramme: new Set(children.keys()) });
  reasons.push(...dibao.reasons);

  // R1 and K1 share the spending ratio over the same n members' gross income.
  const ratio = spendingRatio(household.annualSpending, sum(rest.map((m) => income.get(m.id)!.gross)), policy.rigidSpendingRatio);
  let outcome: Assessment['household'] = dibao.household ?? 'none';
  if (dibao.household === null && dibao.perCapita !== null) {
    const r1 = assessRigidSpending(dibao.perCapita, policy.perCapitaDisposableIncome, assetsWithinLimit, ratio);
    reasons.push(r1);
    if (r1.outcome) outcome = 'rigid-spending';
  }
  const k1 = assessTemporaryAssistance(household.emergency, dibao.perCapita, policy.perCapitaDisposableIncome, assetsWithinLimit, ratio);
  reasons.push(k1);

  const persons: PersonOutcome[] = [];
  for (const m of household.members) {
    const child = children.get(m.id);
    const t = tekun.tekun.get(m.id);
    const single = dibao.singles.get(m.id);
    if (child) persons.push({ memberId: m.id, programme: child });
    else if (t) persons.push({ memberId: m.id, programme: 'tekun', ...(t.selfCare ? { selfCare: t.selfCare } : {}) });
    else if (single !== undefined) persons.push({ memberId: m.id, programme: 'dibao-single', benefit: single });
  }

  return {
    countedMembers: counted.length,
    perCapitaIncome: dibao.perCapita === null ? null : yuan(dibao.perCapita),
    assetsWithinLimit,
    household: outcome,
    householdBenefit: dibao.householdBenefit,
    persons,
    temporaryAssistance: k1.outcome,
    reasons,
  };
}
