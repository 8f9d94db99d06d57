import type { Assessment, Reason } from './assessment-schema';
import {
  disabilityLabel,
  EMERGENCY_LABELS,
  NOT_COUNTED_LABELS,
  PARENT_LABELS,
  PROGRAMME_LABELS,
  SELF_CARE_LABELS,
  UNABLE_LABELS,
  type Lang,
} from './explain-labels';

export type { Lang } from './explain-labels';

export interface ExplainOptions {
  /** Member and supporter names by id; without them the id is shown. */
  names?: Readonly<Record<string, string>>;
}

/** A computed amount: always two decimals (400.00). */
const money = (v: number) => v.toFixed(2);
/** A policy figure: as set (600), or with two decimals when it has cents. */
const param = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));
const sep = (lang: Lang) => (lang === 'zh' ? '；' : '; ');

/**
 * One readable sentence for a reason, with its figures, in Simplified Chinese or English, led by the
 * rule id so a worker can look the rule up (eligibility.md), e.g.
 * "D1 低保：人均收入 400.00 元 < 标准 600 元，计 4 人，月补差 800.00 元".
 */
export function explainReason(reason: Reason, lang: Lang, opts: ExplainOptions = {}): string {
  const zh = lang === 'zh';
  const who = (id: string) => opts.names?.[id] ?? id;
  const yes = (ok: boolean, zhYes: string, zhNo: string, enYes: string, enNo: string) => (zh ? (ok ? zhYes : zhNo) : ok ? enYes : enNo);
  const within = (ok: boolean) => yes(ok, '符合规定', '不符合规定', 'within the rule', 'over the rule');
  const verdict = (ok: boolean) => yes(ok, '符合', '不符合', 'qualifies', 'does not qualify');

  switch (reason.rule) {
    case 'E1':
      if (reason.counted) return zh ? `E1 ${who(reason.memberId)}：计入共同生活家庭成员` : `E1 ${who(reason.memberId)} is counted as a co-resident family member`;
      return zh
        ? `E1 ${who(reason.memberId)}：不计入家庭成员（${reason.notCountedReason ? NOT_COUNTED_LABELS[reason.notCountedReason].zh : ''}）`
        : `E1 ${who(reason.memberId)} is not counted (${reason.notCountedReason ? NOT_COUNTED_LABELS[reason.notCountedReason].en : ''})`;

    case 'E2':
      return zh
        ? `E2 ${who(reason.memberId)} 可计收入：收入合计 ${money(reason.total)} 元，不计入 ${money(reason.excluded)} 元，就业成本扣除 ${money(reason.deduction)} 元，计入 ${money(reason.countable)} 元/月`
        : `E2 ${who(reason.memberId)} countable income: total ${money(reason.total)} yuan, excluded ${money(reason.excluded)}, employment-cost deduction ${money(reason.deduction)}, counted ${money(reason.countable)} yuan a month`;

    case 'A1': {
      const cmp = reason.perCapitaFinancialAssets <= reason.limit ? '≤' : '>';
      return zh
        ? `A1 财产：人均金融资产 ${money(reason.perCapitaFinancialAssets)} 元（共 ${money(reason.financialAssets)} 元，${reason.countedMembers} 人）${cmp} 上限 ${param(reason.limit)} 元（${reason.financialAssetMonths} 个月标准），其他财产${within(reason.otherAssetsWithinLimit)}，${verdict(reason.outcome)}`
        : `A1 assets: financial assets per person ${money(reason.perCapitaFinancialAssets)} yuan (${money(reason.financialAssets)} over ${reason.countedMembers}) ${cmp} limit ${param(reason.limit)} yuan (${reason.financialAssetMonths} months of the standard), other assets ${within(reason.otherAssetsWithinLimit)}: ${reason.outcome ? 'within the limits' : 'over the limits'}`;
    }

    case 'T1': {
      const dis = reason.disabilityCategory && reason.disabilityGrade ? disabilityLabel(reason.disabilityCategory, reason.disabilityGrade, lang) : '';
      const basis =
        reason.basis === 'age-60-plus'
          ? zh ? '年满 60 周岁' : 'aged 60 or over'
          : reason.basis === 'age-under-16'
            ? zh ? '未满 16 周岁' : 'under 16'
            : reason.basis === 'disability'
              ? dis
              : '';
      return zh
        ? `T1 特困 ${who(reason.memberId)}（${reason.age} 岁）：${reason.outcome ? `无劳动能力（${basis}）` : '有劳动能力，不符合特困'}`
        : `T1 tekun ${who(reason.memberId)} (aged ${reason.age}): ${reason.outcome ? `no labour capacity (${basis})` : 'has labour capacity, not tekun'}`;
    }

    case 'T2': {
      const cmp = reason.outcome ? '<' : '≥';
      return zh
        ? `T2 特困 ${who(reason.memberId)}：本人收入 ${money(reason.income)} 元 ${cmp} 标准 ${param(reason.standard)} 元，${verdict(reason.outcome)}`
        : `T2 tekun ${who(reason.memberId)}: own income ${money(reason.income)} yuan ${cmp} standard ${param(reason.standard)} yuan: ${verdict(reason.outcome)}`;
    }

    case 'T3':
      return zh
        ? `T3 特困 ${who(reason.memberId)}：家庭财产${within(reason.outcome)}（A1）`
        : `T3 tekun ${who(reason.memberId)}: household assets ${within(reason.outcome)} (A1)`;

    case 'T4': {
      if ('candidateId' in reason) {
        const src = reason.candidateSource === 'supporter' ? (zh ? '外地义务人' : 'supporter elsewhere') : zh ? '同住成员' : 'co-resident member';
        const because = reason.unableBecause ? UNABLE_LABELS[reason.unableBecause][lang] : '';
        return zh
          ? `T4 特困 ${who(reason.memberId)} 的义务人 ${who(reason.candidateId)}（${src}，${reason.age} 岁，收入 ${money(reason.income)} 元，财产${within(reason.propertyWithinLimit)}）：${reason.able ? '有履行能力' : `无履行能力（${because}）`}`
          : `T4 tekun ${who(reason.memberId)}, candidate supporter ${who(reason.candidateId)} (${src}, aged ${reason.age}, income ${money(reason.income)} yuan, property ${within(reason.propertyWithinLimit)}): ${reason.able ? 'able to support' : `unable (${because})`}`;
      }
      const care = reason.selfCare
        ? zh
          ? `；${SELF_CARE_LABELS[reason.selfCare].zh}（${reason.selfCareFailedItems ?? 0} 项不能自理）`
          : `; ${SELF_CARE_LABELS[reason.selfCare].en} (${reason.selfCareFailedItems ?? 0} items failed)`
        : '';
      return zh
        ? `T4 特困 ${who(reason.memberId)}：义务人 ${reason.candidates} 名，其中有履行能力 ${reason.ableCandidates} 名，${reason.outcome ? '认定为特困' : '不符合特困'}${care}`
        : `T4 tekun ${who(reason.memberId)}: ${reason.ableCandidates} of ${reason.candidates} candidate supporters able, ${reason.outcome ? 'assessed tekun' : 'not tekun'}${care}`;
    }

    case 'C1': {
      const f = PARENT_LABELS[reason.father][lang];
      const m = PARENT_LABELS[reason.mother][lang];
      const out = reason.outcome ? PROGRAMME_LABELS[reason.outcome][lang] : null;
      return zh
        ? `C1 儿童 ${who(reason.memberId)}（${reason.age} 岁）：父亲${f}，母亲${m}，${out ? `属${out}` : '不属孤儿或事实无人抚养儿童'}`
        : `C1 child ${who(reason.memberId)} (aged ${reason.age}): father ${f}, mother ${m}: ${out ?? 'neither orphan nor without de facto care'}`;
    }

    case 'D1': {
      if (reason.perCapitaIncome === null) {
        return zh ? 'D1 低保：除特困人员外无计入成员，家庭不纳入低保' : 'D1 dibao: no counted member besides those assessed tekun, so no household dibao';
      }
      // With assets within the rule the outcome is the exact comparison; the rounded figures could tie.
      const below = reason.assetsWithinLimit ? reason.outcome : reason.perCapitaIncome < reason.standard;
      const cmp = below ? '<' : '≥';
      const assets = reason.assetsWithinLimit ? '' : zh ? '，财产不符合规定（A1）' : ', assets over the rule (A1)';
      return zh
        ? `D1 低保：人均收入 ${money(reason.perCapitaIncome)} 元 ${cmp} 标准 ${param(reason.standard)} 元，计 ${reason.n} 人${assets}，${reason.outcome ? `月补差 ${money(reason.benefit ?? 0)} 元` : '不符合'}`
        : `D1 dibao: per-capita income ${money(reason.perCapitaIncome)} yuan ${cmp} standard ${param(reason.standard)} yuan over ${reason.n} members${assets}: ${reason.outcome ? `monthly benefit ${money(reason.benefit ?? 0)} yuan` : 'does not qualify'}`;
    }

    case 'D2': {
      const below = reason.assetsWithinLimit ? reason.outcome : reason.perCapitaIncome < reason.ceiling;
      const cmp = below ? '<' : '≥';
      const assets = reason.assetsWithinLimit ? '' : zh ? '，财产不符合规定（A1）' : ', assets over the rule (A1)';
      return zh
        ? `D2 低保边缘：人均收入 ${money(reason.perCapitaIncome)} 元 ${cmp} ${reason.multiplier} 倍标准 ${param(reason.ceiling)} 元${assets}，${verdict(reason.outcome)}`
        : `D2 low-income: per-capita income ${money(reason.perCapitaIncome)} yuan ${cmp} ${reason.multiplier} × standard = ${param(reason.ceiling)} yuan${assets}: ${verdict(reason.outcome)}`;
    }

    case 'D3': {
      const basis = reason.basis === 'disability' ? (zh ? '重度残疾' : 'severe disability') : zh ? '重特大疾病' : 'major illness';
      const cmp = reason.outcome ? '<' : '≥';
      return zh
        ? `D3 单人户低保 ${who(reason.memberId)}（${basis}）：本人收入 ${money(reason.income)} 元 ${cmp} 标准 ${param(reason.standard)} 元，${reason.outcome ? `按单人户纳入低保，月补差 ${money(reason.benefit ?? 0)} 元` : '不符合'}`
        : `D3 one-person dibao ${who(reason.memberId)} (${basis}): own income ${money(reason.income)} yuan ${cmp} standard ${param(reason.standard)} yuan: ${reason.outcome ? `dibao as a one-person household, monthly benefit ${money(reason.benefit ?? 0)} yuan` : 'does not qualify'}`;
    }

    case 'R1':
      return `${zh ? 'R1 刚性支出困难：' : 'R1 heavy essential spending: '}${ratioText(reason, lang)}${sep(lang)}${incomeText(reason, lang)}${reason.assetsWithinLimit ? '' : zh ? '；财产不符合规定（A1）' : '; assets over the rule (A1)'}${zh ? '，' : ': '}${verdict(reason.outcome)}`;

    case 'K1': {
      if (reason.outcome === 'emergency') {
        const kind = reason.emergency ? EMERGENCY_LABELS[reason.emergency][lang] : '';
        return zh ? `K1 临时救助（急难型）：家庭遭遇${kind}` : `K1 temporary assistance (emergency): the household suffered ${kind}`;
      }
      const head = reason.outcome === 'spending' ? (zh ? 'K1 临时救助（支出型）：' : 'K1 temporary assistance (spending-driven): ') : zh ? 'K1 临时救助：无突发事件，' : 'K1 temporary assistance: no emergency recorded; ';
      const tail = reason.outcome === 'spending' ? '' : zh ? '，支出型不符合' : '; not spending-driven';
      return `${head}${ratioText(reason, lang)}${sep(lang)}${incomeText(reason, lang)}${reason.assetsWithinLimit ? '' : zh ? '；财产不符合规定（A1）' : '; assets over the rule (A1)'}${tail}`;
    }
  }
}

type RatioReason = Extract<Reason, { rule: 'R1' | 'K1' }>;

function ratioText(r: RatioReason, lang: Lang): string {
  const zh = lang === 'zh';
  const cmp = r.ratioExceeded ? '>' : '≤';
  if (r.ratio === null) {
    return zh
      ? `近 12 个月刚性支出 ${money(r.annualSpending)} 元，年收入为 0${r.ratioExceeded ? '，支出大于 0' : ''}`
      : `12-month essential spending ${money(r.annualSpending)} yuan against zero income${r.ratioExceeded ? ' (any spending exceeds it)' : ''}`;
  }
  return zh
    ? `近 12 个月刚性支出 ${money(r.annualSpending)} 元 ÷ 年收入 ${money(r.annualGrossIncome)} 元 = ${r.ratio.toFixed(2)} ${cmp} ${r.threshold}`
    : `12-month essential spending ${money(r.annualSpending)} ÷ annual income ${money(r.annualGrossIncome)} = ${r.ratio.toFixed(2)} ${cmp} ${r.threshold}`;
}

function incomeText(r: RatioReason, lang: Lang): string {
  const zh = lang === 'zh';
  if (r.perCapitaIncome === null) return zh ? '无人均收入（计入人数为 0）' : 'no per-capita income (n = 0)';
  const cmp = r.perCapitaIncome < r.perCapitaDisposableIncome ? '<' : '≥';
  return zh
    ? `人均收入 ${money(r.perCapitaIncome)} 元 ${cmp} 上年人均可支配收入 ${param(r.perCapitaDisposableIncome)} 元`
    : `per-capita income ${money(r.perCapitaIncome)} ${cmp} per-capita disposable income ${param(r.perCapitaDisposableIncome)} yuan`;
}

/**
 * The whole assessment as lines: a summary first (household outcome, per-person programmes,
 * temporary assistance), then one sentence per reason in the engine's order.
 */
export function explainAssessment(a: Assessment, lang: Lang, opts: ExplainOptions = {}): string[] {
  const zh = lang === 'zh';
  const who = (id: string) => opts.names?.[id] ?? id;
  const parts: string[] = [];
  if (a.household === 'none') parts.push(zh ? '家庭：不符合低保、低保边缘或刚性支出困难' : 'Household: no household programme');
  else {
    const label = PROGRAMME_LABELS[a.household][lang];
    const benefit = a.householdBenefit !== null ? (zh ? `，月补差 ${money(a.householdBenefit)} 元` : `, monthly benefit ${money(a.householdBenefit)} yuan`) : '';
    parts.push(zh ? `家庭：${label}${benefit}` : `Household: ${label}${benefit}`);
  }
  parts.push(
    a.perCapitaIncome === null
      ? zh ? `计入 ${a.countedMembers} 人，无人均收入` : `${a.countedMembers} counted, no per-capita income`
      : zh ? `计入 ${a.countedMembers} 人，人均收入 ${money(a.perCapitaIncome)} 元` : `${a.countedMembers} counted, per-capita income ${money(a.perCapitaIncome)} yuan`,
  );
  for (const p of a.persons) {
    const label = PROGRAMME_LABELS[p.programme][lang];
    const extra = [
      p.benefit !== undefined ? (zh ? `月补差 ${money(p.benefit)} 元` : `monthly ${money(p.benefit)} yuan`) : null,
      p.selfCare ? SELF_CARE_LABELS[p.selfCare][lang] : null,
    ].filter((x): x is string => x !== null);
    parts.push(`${who(p.memberId)}${zh ? '：' : ': '}${label}${extra.length ? (zh ? `（${extra.join('，')}）` : ` (${extra.join(', ')})`) : ''}`);
  }
  if (a.temporaryAssistance) parts.push(PROGRAMME_LABELS[a.temporaryAssistance][lang]);
  const summary = parts.join(sep(lang));
  return [summary, ...a.reasons.map((r) => explainReason(r, lang, opts))];
}

/** Names by id from a household, for ExplainOptions. */
export function namesOf(household: { members: readonly { id: string; name: string }[] }): Record<string, string> {
  return Object.fromEntries(household.members.map((m) => [m.id, m.name]));
}
