import type { Assessment, Reason } from './assessment-schema';

/**
 * A sentence to show, as a translation key of the `eligibility` namespace and its parameters (no text:
 * the shared core has no i18n; src/i18n/explanation.ts renders it through i18next in the worker's
 * language). A parameter may itself be an explanation (a label, a clause), rendered first.
 */
export interface Explanation {
  key: string;
  params?: Readonly<Record<string, string | number | Explanation>>;
}

export interface ExplainOptions {
  /** Member and supporter names by id; without them the id is shown. */
  names?: Readonly<Record<string, string>>;
}

/** A computed amount: always two decimals (400.00). */
const money = (v: number) => v.toFixed(2);
/** A policy figure: as set (600), or with two decimals when it has cents. */
const param = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));
const x = (key: string, params?: Explanation['params']): Explanation => (params ? { key, params } : { key });
const EMPTY = x('empty');
const within = (ok: boolean) => x(ok ? 'within.yes' : 'within.no');
const verdict = (ok: boolean) => x(ok ? 'verdict.yes' : 'verdict.no');
const disability = (category: string, grade: number) => x('disabilityLabel', { category: x(`disability.${category}`), grade: x(`grade.${grade}`) });

/**
 * One sentence for a reason, with its figures, led by the rule id so a worker can look the rule up
 * (eligibility.md), e.g. "D1 低保：人均收入 400.00 元 < 标准 600 元，计 4 人，月补差 800.00 元". Where a
 * rule decides on some facts only, the sentence says so and names recorded facts it did not use
 * (issue 13 item 7: T1 reads age and disability, never the labour capacity or illness the worker entered).
 */
export function explainReason(reason: Reason, opts: ExplainOptions = {}): Explanation {
  const who = (id: string) => opts.names?.[id] ?? id;

  switch (reason.rule) {
    case 'E1':
      return reason.counted
        ? x('E1.counted', { who: who(reason.memberId) })
        : x('E1.notCounted', { who: who(reason.memberId), reason: reason.notCountedReason ? x(`notCounted.${reason.notCountedReason}`) : EMPTY });

    case 'E2':
      return x('E2', {
        who: who(reason.memberId),
        total: money(reason.total),
        excluded: money(reason.excluded),
        deduction: money(reason.deduction),
        countable: money(reason.countable),
      });

    case 'A1':
      return x('A1', {
        perCapita: money(reason.perCapitaFinancialAssets),
        total: money(reason.financialAssets),
        n: reason.countedMembers,
        cmp: reason.perCapitaFinancialAssets <= reason.limit ? '≤' : '>',
        limit: param(reason.limit),
        months: reason.financialAssetMonths,
        other: within(reason.otherAssetsWithinLimit),
        outcome: x(reason.outcome ? 'A1outcome.yes' : 'A1outcome.no'),
      });

    case 'T1': {
      const who1 = who(reason.memberId);
      const dis = reason.disabilityCategory && reason.disabilityGrade ? disability(reason.disabilityCategory, reason.disabilityGrade) : null;
      if (reason.outcome) {
        const basis = reason.basis === 'disability' && dis ? dis : x(`T1basis.${reason.basis}`);
        return x('T1.met', { who: who1, age: reason.age, basis });
      }
      // Not met: say what T1 looked at (age, disability) and what the survey recorded that T1 ignores.
      const labour = reason.recordedLabourCapacity && reason.recordedLabourCapacity !== 'full' ? x('T1ignored.labour', { value: x(`labour.${reason.recordedLabourCapacity}`) }) : EMPTY;
      const health = reason.health ? x(`T1ignored.${reason.health}`) : EMPTY;
      return x('T1.notMet', { who: who1, age: reason.age, disability: dis ? x('T1disability.notListed', { label: dis }) : x('T1disability.none'), labour, health });
    }

    case 'T2':
      return x('T2', { who: who(reason.memberId), income: money(reason.income), cmp: reason.outcome ? '<' : '≥', standard: param(reason.standard), verdict: verdict(reason.outcome) });

    case 'T3':
      return x('T3', { who: who(reason.memberId), within: within(reason.outcome) });

    case 'T4': {
      if ('candidateId' in reason) {
        const facts = {
          who: who(reason.memberId),
          candidate: who(reason.candidateId),
          source: x(`T4source.${reason.candidateSource}`),
          age: reason.age,
          income: money(reason.income),
          within: within(reason.propertyWithinLimit),
        };
        // "Able" is what the rule concludes when none of its grounds applies, never a finding about
        // the person's means: a co-resident with no income is not "able" in any ordinary sense.
        return reason.able ? x('T4.candidateNotUnable', facts) : x('T4.candidateUnable', { ...facts, because: reason.unableBecause ? x(`unable.${reason.unableBecause}`) : EMPTY });
      }
      const care = reason.selfCare ? x('T4care', { level: x(`selfCare.${reason.selfCare}`), failed: reason.selfCareFailedItems ?? 0 }) : EMPTY;
      return x('T4.conclusion', {
        who: who(reason.memberId),
        candidates: reason.candidates,
        able: reason.ableCandidates,
        outcome: x(reason.outcome ? 'T4outcome.yes' : 'T4outcome.no'),
        care,
      });
    }

    case 'C1':
      return x('C1', {
        who: who(reason.memberId),
        age: reason.age,
        father: x(`parent.${reason.father}`),
        mother: x(`parent.${reason.mother}`),
        outcome: reason.outcome ? x('C1outcome.is', { programme: x(`programme.${reason.outcome}`) }) : x('C1outcome.neither'),
      });

    case 'D1': {
      if (reason.perCapitaIncome === null) return x('D1.nobody');
      // With assets within the rule the outcome is the exact comparison; the rounded figures could tie.
      const below = reason.assetsWithinLimit ? reason.outcome : reason.perCapitaIncome < reason.standard;
      return x('D1.assessed', {
        perCapita: money(reason.perCapitaIncome),
        cmp: below ? '<' : '≥',
        standard: param(reason.standard),
        n: reason.n,
        assets: reason.assetsWithinLimit ? EMPTY : x('assetsOver'),
        result: reason.outcome ? x('D1result.benefit', { benefit: money(reason.benefit ?? 0) }) : x('D1result.no'),
      });
    }

    case 'D2': {
      const below = reason.assetsWithinLimit ? reason.outcome : reason.perCapitaIncome < reason.ceiling;
      return x('D2', {
        perCapita: money(reason.perCapitaIncome),
        cmp: below ? '<' : '≥',
        multiplier: reason.multiplier,
        ceiling: param(reason.ceiling),
        assets: reason.assetsWithinLimit ? EMPTY : x('assetsOver'),
        verdict: verdict(reason.outcome),
      });
    }

    case 'D3':
      return x('D3', {
        who: who(reason.memberId),
        basis: x(`D3basis.${reason.basis}`),
        income: money(reason.income),
        cmp: reason.outcome ? '<' : '≥',
        standard: param(reason.standard),
        result: reason.outcome ? x('D3result.yes', { benefit: money(reason.benefit ?? 0) }) : x('D3result.no'),
      });

    case 'R1':
      return x('R1', { ratio: ratioText(reason), income: incomeText(reason), assets: reason.assetsWithinLimit ? EMPTY : x('assetsOverList'), verdict: verdict(reason.outcome) });

    case 'K1': {
      if (reason.outcome === 'emergency') return x('K1.emergency', { kind: reason.emergency ? x(`emergency.${reason.emergency}`) : EMPTY });
      const figures = { ratio: ratioText(reason), income: incomeText(reason), assets: reason.assetsWithinLimit ? EMPTY : x('assetsOverList') };
      return x(reason.outcome === 'spending' ? 'K1.spending' : 'K1.none', figures);
    }
  }
}

type RatioReason = Extract<Reason, { rule: 'R1' | 'K1' }>;

function ratioText(r: RatioReason): Explanation {
  if (r.ratio === null) return x('ratio.zeroIncome', { spending: money(r.annualSpending), exceeded: r.ratioExceeded ? x('ratio.anySpending') : EMPTY });
  return x('ratio.figures', {
    spending: money(r.annualSpending),
    income: money(r.annualGrossIncome),
    ratio: r.ratio.toFixed(2),
    cmp: r.ratioExceeded ? '>' : '≤',
    threshold: r.threshold,
  });
}

function incomeText(r: RatioReason): Explanation {
  if (r.perCapitaIncome === null) return x('perCapita.none');
  return x('perCapita.figures', {
    perCapita: money(r.perCapitaIncome),
    cmp: r.perCapitaIncome < r.perCapitaDisposableIncome ? '<' : '≥',
    pcdi: param(r.perCapitaDisposableIncome),
  });
}

export interface ExplainedAssessment {
  /** The summary's parts (household outcome, counted members, per-person programmes, temporary assistance), shown joined. */
  summary: Explanation[];
  /** One sentence per reason, in the engine's order. */
  reasons: Explanation[];
}

/** The whole assessment: a summary, then one sentence per reason. */
export function explainAssessment(a: Assessment, opts: ExplainOptions = {}): ExplainedAssessment {
  const who = (id: string) => opts.names?.[id] ?? id;
  const summary: Explanation[] = [];
  if (a.household === 'none') summary.push(x('summary.householdNone'));
  else {
    const label = x(`programme.${a.household}`);
    summary.push(a.householdBenefit !== null ? x('summary.householdBenefit', { label, benefit: money(a.householdBenefit) }) : x('summary.household', { label }));
  }
  summary.push(
    a.perCapitaIncome === null
      ? x('summary.countedNoIncome', { n: a.countedMembers })
      : x('summary.counted', { n: a.countedMembers, perCapita: money(a.perCapitaIncome) }),
  );
  for (const p of a.persons) {
    const base = { who: who(p.memberId), label: x(`programme.${p.programme}`) };
    const care = p.selfCare ? x(`selfCare.${p.selfCare}`) : null;
    if (p.benefit !== undefined && care) summary.push(x('summary.personBenefitCare', { ...base, benefit: money(p.benefit), care }));
    else if (p.benefit !== undefined) summary.push(x('summary.personBenefit', { ...base, benefit: money(p.benefit) }));
    else if (care) summary.push(x('summary.personCare', { ...base, care }));
    else summary.push(x('summary.person', base));
  }
  if (a.temporaryAssistance) summary.push(x(`programme.${a.temporaryAssistance}`));
  return { summary, reasons: a.reasons.map((r) => explainReason(r, opts)) };
}

/** Names by id from a household, for ExplainOptions. */
export function namesOf(household: { members: readonly { id: string; name: string }[] }): Record<string, string> {
  return Object.fromEntries(household.members.map((m) => [m.id, m.name]));
}
