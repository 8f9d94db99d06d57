import type { EligibilityPolicy } from '../../schema/policy';
import type { Reason, ReasonOf, SelfCareLevel, UnableBecause } from './assessment-schema';
import { disabilityMeansNoLabourCapacity, isSevereDisability } from './disability';
import { exact, lt, yuan, type Exact } from './exact';
import { SELF_CARE_ITEMS, type Disability, type Member, type SelfCare, type Supporter } from './household-schema';
import type { MemberIncome } from './income';

export interface TekunInput {
  /** Counted members assessed for 特困 (C1 children already taken out), in input order. */
  members: readonly Member[];
  /** Every counted member: the co-resident T4 candidates are drawn from them. */
  counted: readonly Member[];
  supporters: readonly Supporter[];
  /** E2 countable income (the 低保 exclusions), for co-resident candidates. */
  income: ReadonlyMap<string, MemberIncome>;
  /** Own income with excludedIncomeTekun, for T2. */
  tekunIncome: ReadonlyMap<string, MemberIncome>;
  standard: Exact;
  assetsWithinLimit: boolean;
  policy: EligibilityPolicy;
}

export interface TekunResult {
  /** Members assessed 特困, with their self-care level when recorded. */
  tekun: Map<string, { selfCare?: SelfCareLevel }>;
  /** Per member, in the order T1, T2, T3, T4 candidates, T4 conclusion (stopping at the first failure). */
  reasons: Map<string, Reason[]>;
}

/** T1: why the member has no labour capacity, or null. */
export function noLabourCapacityBasis(age: number, disability: Disability | undefined): ReasonOf<'T1'>['basis'] {
  if (age >= 60) return 'age-60-plus';
  if (age < 16) return 'age-under-16';
  if (disabilityMeansNoLabourCapacity(disability)) return 'disability';
  return null;
}

/** Self-care from the six items (true = can do alone): 0 failed, 1–3, 4+. */
export function selfCareLevel(selfCare: SelfCare): { level: SelfCareLevel; failed: number } {
  const failed = SELF_CARE_ITEMS.filter((item) => !selfCare[item]).length;
  return { level: failed === 0 ? 'self-sufficient' : failed <= 3 ? 'partly-lost' : 'fully-lost', failed };
}

interface Candidate {
  id: string;
  source: 'supporter' | 'member';
  age: number;
  income: Exact;
  propertyWithinLimit: boolean;
  receives?: 'dibao' | 'tekun' | undefined;
  disability?: Disability | undefined;
  legalStatus?: Supporter['legalStatus'];
}

/** T4: why a candidate supporter is unable to support, or undefined when they are able. */
function unableBecause(c: Candidate, perCapitaDisposableIncome: Exact): UnableBecause | undefined {
  const poor = lt(c.income, perCapitaDisposableIncome) && c.propertyWithinLimit;
  if (c.receives === 'tekun') return 'tekun';
  if (c.receives === 'dibao' && c.age >= 60) return 'dibao-60-plus';
  if (c.age >= 70 && poor) return 'age-70-plus';
  if (isSevereDisability(c.disability) && poor) return 'disability';
  if (c.legalStatus && c.propertyWithinLimit) return 'legal-status';
  return undefined;
}

/**
 * T1–T4 特困, per counted member (eligibility.md), assessed before 低保.
 *
 * T4's candidates are the supporters living elsewhere and every other counted member aged 18+. For a
 * co-resident candidate, income = their E2 countable income and property = A1; "receives 特困" means
 * assessed 特困 by this same assessment. That makes T4 depend on the others' outcomes, so we take the
 * least fixed point: start with nobody 特困, assess everyone, and repeat with the new set until it no
 * longer changes. The set only grows (a candidate who is 特困 is unable, which can only make T4 hold
 * for more members), so this ends within members + 1 rounds, does not depend on the members' order,
 * and never presumes a circular "each is 特困 because the other is". A couple of 75 and 65 with no
 * income: the 65-year-old is 特困 (the 75-year-old is unable), and then so is the 75-year-old.
 * "Receives 低保 and is 60+" is read only from a supporter's record: a co-resident member's 低保 is
 * decided after 特困 (D1), and the member shape records no current receipt.
 */
export function assessTekun(input: TekunInput): TekunResult {
  const { policy, standard } = input;
  const pcdi = exact(policy.perCapitaDisposableIncome);
  const reasons = new Map<string, Reason[]>();
  const preQualified: Member[] = [];

  for (const m of input.members) {
    const list: Reason[] = [];
    reasons.set(m.id, list);
    const basis = noLabourCapacityBasis(m.age, m.disability);
    list.push({
      rule: 'T1',
      memberId: m.id,
      age: m.age,
      ...(m.disability ? { disabilityCategory: m.disability.category, disabilityGrade: m.disability.grade } : {}),
      basis,
      ...(m.labourCapacity ? { recordedLabourCapacity: m.labourCapacity } : {}),
      ...(m.health !== 'healthy' ? { health: m.health } : {}),
      outcome: basis !== null,
    });
    if (basis === null) continue;
    const own = input.tekunIncome.get(m.id)!.countable;
    const t2 = lt(own, standard);
    list.push({ rule: 'T2', memberId: m.id, income: yuan(own), standard: yuan(standard), outcome: t2 });
    if (!t2) continue;
    list.push({ rule: 'T3', memberId: m.id, outcome: input.assetsWithinLimit });
    if (!input.assetsWithinLimit) continue;
    preQualified.push(m);
  }

  const candidatesOf = (m: Member, tekun: ReadonlySet<string>): Candidate[] => [
    ...input.supporters.map((s) => ({
      id: s.id,
      source: 'supporter' as const,
      age: s.age,
      income: exact(s.monthlyIncome),
      propertyWithinLimit: s.propertyWithinLimit,
      receives: s.receives,
      disability: s.disability,
      legalStatus: s.legalStatus,
    })),
    ...input.counted
      .filter((o) => o.id !== m.id && o.age >= 18)
      .map((o) => ({
        id: o.id,
        source: 'member' as const,
        age: o.age,
        income: input.income.get(o.id)!.countable,
        propertyWithinLimit: input.assetsWithinLimit,
        receives: tekun.has(o.id) ? ('tekun' as const) : undefined,
        disability: o.disability,
      })),
  ];
  const hasNoAbleSupporter = (m: Member, tekun: ReadonlySet<string>) =>
    candidatesOf(m, tekun).every((c) => unableBecause(c, pcdi) !== undefined);

  let tekun = new Set<string>();
  for (;;) {
    const next = new Set(preQualified.filter((m) => hasNoAbleSupporter(m, tekun)).map((m) => m.id));
    if (next.size === tekun.size) break; // monotone: same size means same set
    tekun = next;
  }

  const result = new Map<string, { selfCare?: SelfCareLevel }>();
  for (const m of preQualified) {
    const list = reasons.get(m.id)!;
    const candidates = candidatesOf(m, tekun);
    let able = 0;
    for (const c of candidates) {
      const because = unableBecause(c, pcdi);
      if (!because) able++;
      list.push({
        rule: 'T4',
        memberId: m.id,
        candidateId: c.id,
        candidateSource: c.source,
        age: c.age,
        income: yuan(c.income),
        propertyWithinLimit: c.propertyWithinLimit,
        able: !because,
        ...(because ? { unableBecause: because } : {}),
      });
    }
    const outcome = able === 0;
    const care = outcome && m.selfCare ? selfCareLevel(m.selfCare) : undefined;
    list.push({
      rule: 'T4',
      memberId: m.id,
      candidates: candidates.length,
      ableCandidates: able,
      outcome,
      ...(care ? { selfCare: care.level, selfCareFailedItems: care.failed } : {}),
    });
    if (outcome) result.set(m.id, care ? { selfCare: care.level } : {});
  }
  return { tekun: result, reasons };
}
