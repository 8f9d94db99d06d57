import type { HouseholdOutcome, PersonProgramme, SelfCareLevel, UnableBecause } from './assessment-schema';
import type { Disability, Household, Member, Parents } from './household-schema';

export type Lang = 'zh' | 'en';
type Labels<K extends string> = Record<K, Record<Lang, string>>;

/** Programme names as the worker knows them (eligibility.md). */
export const PROGRAMME_LABELS: Labels<PersonProgramme | Exclude<HouseholdOutcome, 'none'> | 'emergency' | 'spending'> = {
  dibao: { zh: '低保', en: 'minimum living allowance (dibao)' },
  'low-income': { zh: '低保边缘', en: 'low-income household' },
  'rigid-spending': { zh: '刚性支出困难', en: 'heavy essential spending' },
  tekun: { zh: '特困', en: 'extreme-poverty support (tekun)' },
  'dibao-single': { zh: '单人户低保', en: 'dibao as a one-person household' },
  orphan: { zh: '孤儿', en: 'orphan' },
  'child-without-care': { zh: '事实无人抚养儿童', en: 'child without de facto care' },
  emergency: { zh: '临时救助（急难型）', en: 'temporary assistance (emergency)' },
  spending: { zh: '临时救助（支出型）', en: 'temporary assistance (spending-driven)' },
};

export const NOT_COUNTED_LABELS: Labels<NonNullable<Member['notCountedReason']>> = {
  prison: { zh: '在监狱服刑', en: 'in prison' },
  'drug-rehab': { zh: '强制隔离戒毒', en: 'in compulsory drug rehabilitation' },
  'declared-missing': { zh: '被宣告失踪', en: 'declared missing by a court' },
  'religious-3y': { zh: '宗教教职人员在宗教场所居住满 3 年', en: 'religious staff living at a religious site for 3+ years' },
};

export const DISABILITY_LABELS: Labels<Disability['category']> = {
  visual: { zh: '视力', en: 'visual' },
  hearing: { zh: '听力', en: 'hearing' },
  speech: { zh: '言语', en: 'speech' },
  physical: { zh: '肢体', en: 'physical' },
  intellectual: { zh: '智力', en: 'intellectual' },
  mental: { zh: '精神', en: 'mental' },
  multiple: { zh: '多重', en: 'multiple' },
};

const GRADES_ZH = ['', '一', '二', '三', '四'];

export function disabilityLabel(category: Disability['category'], grade: number, lang: Lang): string {
  return lang === 'zh'
    ? `${DISABILITY_LABELS[category].zh}${GRADES_ZH[grade] ?? grade}级残疾`
    : `${DISABILITY_LABELS[category].en} disability grade ${grade}`;
}

export const PARENT_LABELS: Labels<Parents['father']> = {
  present: { zh: '在', en: 'present' },
  dead: { zh: '死亡', en: 'dead' },
  'declared-missing': { zh: '被宣告失踪', en: 'declared missing' },
  'severe-disability': { zh: '重残', en: 'severely disabled' },
  'major-illness': { zh: '重病', en: 'seriously ill' },
  imprisoned: { zh: '服刑或被羁押', en: 'in prison or detained' },
  'lost-contact': { zh: '失联 6 个月以上', en: 'out of contact for 6+ months' },
};

export const SELF_CARE_LABELS: Labels<SelfCareLevel> = {
  'self-sufficient': { zh: '生活能自理', en: 'self-sufficient' },
  'partly-lost': { zh: '部分丧失生活自理能力', en: 'partly lost self-care' },
  'fully-lost': { zh: '完全丧失生活自理能力', en: 'fully lost self-care' },
};

export const UNABLE_LABELS: Labels<UnableBecause> = {
  tekun: { zh: '本人为特困人员', en: 'receives tekun' },
  'dibao-60-plus': { zh: '60 周岁以上的低保对象', en: 'receives dibao and is 60+' },
  'age-70-plus': { zh: '70 周岁以上，收入低于上年人均可支配收入且财产符合规定', en: 'aged 70+, income below the per-capita disposable income, property within the rule' },
  disability: { zh: '重度残疾或三级智力、精神残疾，收入低于上年人均可支配收入且财产符合规定', en: 'severe disability (or grade 3 intellectual/mental), income below the per-capita disposable income, property within the rule' },
  'legal-status': { zh: '无民事行为能力、被宣告失踪或在监狱服刑，且财产符合规定', en: 'lacks civil capacity, declared missing or in prison, property within the rule' },
};

export const EMERGENCY_LABELS: Labels<NonNullable<Household['emergency']>['kind']> = {
  fire: { zh: '火灾', en: 'a fire' },
  accident: { zh: '意外事故', en: 'an accident' },
  'sudden-illness': { zh: '突发重病', en: 'a sudden illness' },
  disaster: { zh: '自然灾害', en: 'a disaster' },
};
