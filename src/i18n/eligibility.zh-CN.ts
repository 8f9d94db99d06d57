/**
 * The `eligibility` namespace: the pre-assessment's sentences (src/shared/rules/eligibility/explain.ts
 * gives a key and its parameters; src/i18n/explanation.ts renders them). Each sentence leads with its
 * rule id (eligibility.md). Loaded with the survey screens. The English file has the same keys (typed).
 */
export const eligibilityZhCN = {
  empty: '',
  summarySeparator: '；',
  within: { yes: '符合规定', no: '不符合规定' },
  verdict: { yes: '符合', no: '不符合' },
  A1outcome: { yes: '符合', no: '不符合' },
  disabilityLabel: '{{category}}{{grade}}级残疾',
  disability: { visual: '视力', hearing: '听力', speech: '言语', physical: '肢体', intellectual: '智力', mental: '精神', multiple: '多重' },
  grade: { '1': '一', '2': '二', '3': '三', '4': '四' },
  labour: { full: '有劳动能力', partial: '部分丧失劳动能力', none: '无劳动能力' },
  notCounted: {
    prison: '在监狱服刑',
    'drug-rehab': '强制隔离戒毒',
    'declared-missing': '被宣告失踪',
    'religious-3y': '宗教教职人员在宗教场所居住满 3 年',
  },
  programme: {
    dibao: '低保',
    'low-income': '低保边缘',
    'rigid-spending': '刚性支出困难',
    tekun: '特困',
    'dibao-single': '单人户低保',
    orphan: '孤儿',
    'child-without-care': '事实无人抚养儿童',
    emergency: '临时救助（急难型）',
    spending: '临时救助（支出型）',
  },
  parent: {
    present: '在',
    dead: '死亡',
    'declared-missing': '被宣告失踪',
    'severe-disability': '重残',
    'major-illness': '重病',
    imprisoned: '服刑或被羁押',
    'lost-contact': '失联 6 个月以上',
  },
  selfCare: { 'self-sufficient': '生活能自理', 'partly-lost': '部分丧失生活自理能力', 'fully-lost': '完全丧失生活自理能力' },
  unable: {
    tekun: '本人为特困人员',
    'dibao-60-plus': '60 周岁以上的低保对象',
    'age-70-plus': '70 周岁以上，收入低于上年人均可支配收入且财产符合规定',
    disability: '重度残疾或三级智力、精神残疾，收入低于上年人均可支配收入且财产符合规定',
    'legal-status': '无民事行为能力、被宣告失踪或在监狱服刑，且财产符合规定',
  },
  emergency: { fire: '火灾', accident: '意外事故', 'sudden-illness': '突发重病', disaster: '自然灾害' },
  assetsOver: '，财产不符合规定（A1）',
  assetsOverList: '；财产不符合规定（A1）',

  E1: { counted: 'E1 {{who}}：计入共同生活家庭成员', notCounted: 'E1 {{who}}：不计入家庭成员（{{reason}}）' },
  E2: 'E2 {{who}} 可计收入：收入合计 {{total}} 元，不计入 {{excluded}} 元，就业成本扣除 {{deduction}} 元，计入 {{countable}} 元/月',
  A1: 'A1 财产：人均金融资产 {{perCapita}} 元（共 {{total}} 元，{{n}} 人）{{cmp}} 上限 {{limit}} 元（{{months}} 个月标准），其他财产{{other}}，{{outcome}}',
  T1: {
    met: 'T1 特困 {{who}}（{{age}} 岁）：无劳动能力（{{basis}}）',
    notMet: 'T1 特困 {{who}}（{{age}} 岁）：特困的劳动能力只按年龄和残疾认定——未满 60 周岁、已满 16 周岁，{{disability}}，因此按有劳动能力计，不符合特困{{labour}}{{health}}',
  },
  T1basis: { 'age-60-plus': '年满 60 周岁', 'age-under-16': '未满 16 周岁', null: '' },
  T1disability: { none: '没有残疾', notListed: '{{label}}不在 T1 所列残疾之内' },
  T1ignored: {
    labour: '；调查中填写的“{{value}}”不是 T1 的依据',
    chronic: '；慢性病不是 T1 的依据',
    'major-illness': '；重特大疾病不是 T1 的依据（可能适用 D3 单人户低保）',
  },
  T2: 'T2 特困 {{who}}：本人收入 {{income}} 元 {{cmp}} 标准 {{standard}} 元，{{verdict}}',
  T3: 'T3 特困 {{who}}：家庭财产{{within}}（A1）',
  T4source: { supporter: '外地义务人', member: '同住成员' },
  T4: {
    candidateUnable: 'T4 特困 {{who}} 的义务人 {{candidate}}（{{source}}，{{age}} 岁，收入 {{income}} 元，财产{{within}}）：无履行能力（{{because}}）',
    candidateNotUnable:
      'T4 特困 {{who}} 的义务人 {{candidate}}（{{source}}，{{age}} 岁，收入 {{income}} 元，财产{{within}}）：不属于 T4 所列无履行能力的情形（特困人员、60 岁以上低保对象、70 岁以上或重度残疾且收入低、无民事行为能力、被宣告失踪、服刑），按规则不计为无履行能力；收入多少本身不决定',
    conclusion: 'T4 特困 {{who}}：义务人 {{candidates}} 名，其中不属无履行能力情形的 {{able}} 名，{{outcome}}{{care}}',
  },
  T4outcome: { yes: '认定为特困', no: '不符合特困' },
  T4care: '；{{level}}（{{failed}} 项不能自理）',
  C1: 'C1 儿童 {{who}}（{{age}} 岁）：父亲{{father}}，母亲{{mother}}，{{outcome}}',
  C1outcome: { is: '属{{programme}}', neither: '不属孤儿或事实无人抚养儿童' },
  D1: {
    nobody: 'D1 低保：除特困人员外无计入成员，家庭不纳入低保',
    assessed: 'D1 低保：人均收入 {{perCapita}} 元 {{cmp}} 标准 {{standard}} 元，计 {{n}} 人{{assets}}，{{result}}',
  },
  D1result: { benefit: '月补差 {{benefit}} 元', no: '不符合' },
  D2: 'D2 低保边缘：人均收入 {{perCapita}} 元 {{cmp}} {{multiplier}} 倍标准 {{ceiling}} 元{{assets}}，{{verdict}}',
  D3: 'D3 单人户低保 {{who}}（{{basis}}）：本人收入 {{income}} 元 {{cmp}} 标准 {{standard}} 元，{{result}}',
  D3basis: { disability: '重度残疾', 'major-illness': '重特大疾病' },
  D3result: { yes: '按单人户纳入低保，月补差 {{benefit}} 元', no: '不符合' },
  R1: 'R1 刚性支出困难：{{ratio}}；{{income}}{{assets}}，{{verdict}}',
  K1: {
    emergency: 'K1 临时救助（急难型）：家庭遭遇{{kind}}',
    spending: 'K1 临时救助（支出型）：{{ratio}}；{{income}}{{assets}}',
    none: 'K1 临时救助：无突发事件，{{ratio}}；{{income}}{{assets}}，支出型不符合',
  },
  ratio: {
    zeroIncome: '近 12 个月刚性支出 {{spending}} 元，年收入为 0{{exceeded}}',
    anySpending: '，支出大于 0',
    figures: '近 12 个月刚性支出 {{spending}} 元 ÷ 年收入 {{income}} 元 = {{ratio}} {{cmp}} {{threshold}}',
  },
  perCapita: {
    none: '无人均收入（计入人数为 0）',
    figures: '人均收入 {{perCapita}} 元 {{cmp}} 上年人均可支配收入 {{pcdi}} 元',
  },
  summary: {
    householdNone: '家庭：不符合低保、低保边缘或刚性支出困难',
    household: '家庭：{{label}}',
    householdBenefit: '家庭：{{label}}，月补差 {{benefit}} 元',
    counted: '计入 {{n}} 人，人均收入 {{perCapita}} 元',
    countedNoIncome: '计入 {{n}} 人，无人均收入',
    person: '{{who}}：{{label}}',
    personBenefit: '{{who}}：{{label}}（月补差 {{benefit}} 元）',
    personCare: '{{who}}：{{label}}（{{care}}）',
    personBenefitCare: '{{who}}：{{label}}（月补差 {{benefit}} 元，{{care}}）',
  },
};

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
export type EligibilityMessages = DeepStrings<typeof eligibilityZhCN>;
