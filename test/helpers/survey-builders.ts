/**
 * Test builders: a complete survey made from an engine household, with made-up ID numbers whose birth
 * date gives each member's age on `today` (not real people). Used by the survey and mapping tests.
 */
import type { Household } from '../../src/shared/rules/eligibility/household-schema';
import { ageOn, idCheckChar, validateIdNumber } from '../../src/shared/rules/id-number';
import type { SurveyCompleteInput } from '../../src/shared/schema/survey';

const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

/** A made-up 18-digit number: address code, birth date, sequence (odd male, even female), check. */
export function madeUpIdNumber(birthDate: string, sex: 'male' | 'female', n: number, address = '330106'): string {
  const seq = String((n * 2 + (sex === 'male' ? 1 : 0)) % 1000).padStart(3, '0');
  const first17 = address + birthDate.replaceAll('-', '') + seq;
  return first17 + idCheckChar(first17);
}

/** A birth date that makes `age` on `today`: 1 January of the year (today must not be 1 January). */
function birthDateFor(age: number, today: string): string {
  return `${Number(today.slice(0, 4)) - age}-01-01`;
}

export function surveyFromHousehold(h: Household, today: string, caseId = 'case-0001'): SurveyCompleteInput {
  const members = h.members.map((m, i) => {
    // Keep a number the household already has (case H1), deriving sex and birth date from it.
    const given = m.idNumber ? validateIdNumber(m.idNumber, { today }) : undefined;
    const sex: 'male' | 'female' = given?.ok ? given.sex : i % 2 === 0 ? 'male' : 'female';
    const birthDate = given?.ok ? given.birthDate : birthDateFor(m.age, today);
    if (ageOn(birthDate, today) !== m.age) throw new Error(`member ${m.id}: ID number does not give age ${m.age} on ${today}`);
    const noCapacity = m.age >= 60 || m.age < 16 || !!m.disability;
    const wage = m.income.some((x) => x.kind === 'wage');
    const employment: NonNullable<SurveyCompleteInput['members']>[number]['employment'] = wage ? 'employed' : m.age < 6 ? 'pre-school' : m.age < 18 ? 'student' : m.age >= 60 ? 'retired' : 'farming';
    return {
      id: m.id,
      name: m.name,
      idNumber: given?.ok ? given.normalized : madeUpIdNumber(birthDate, sex, i + 1),
      sex,
      birthDate,
      relation: m.relation,
      counted: !m.notCountedReason,
      ...(m.notCountedReason ? { notCountedReason: m.notCountedReason } : {}),
      health: m.health,
      ...(m.disability ? { disability: { certificate: `DC-${m.id}`, ...m.disability } } : {}),
      labourCapacity: noCapacity ? ('none' as const) : ('full' as const),
      employment,
      ...(employment === 'student' ? { school: { level: m.age < 12 ? ('primary' as const) : ('junior-secondary' as const) } } : {}),
      ...(m.selfCare ? { selfCare: { ...m.selfCare } } : {}),
      ...(m.parents ? { parents: { ...m.parents } } : {}),
      incomes: m.income.map((x, k) => ({ ...x, source: k % 2 === 0 ? ('declared' as const) : ('matched' as const) })),
    };
  });

  const supporters = h.supporters.map((s, i) => {
    const birthDate = birthDateFor(s.age, today);
    return {
      ...s,
      name: `义务人${i + 1}`,
      idNumber: madeUpIdNumber(birthDate, 'female', i + 50, '110105'),
      ...(s.disability ? { disability: { ...s.disability } } : {}),
    };
  });

  const applicant = h.members.find((m) => m.relation === 'self') ?? h.members[0];
  const address = { township: '城关镇', village: '东风村', group: '三组', address: '东风村三组 12 号（虚构）' };
  return {
    id: `survey-${caseId}`,
    caseId,
    stage: 'submitted',
    applicationType: supporters.length > 0 ? 'tekun' : 'dibao',
    visitKind: 'new-application',
    residence: h.residence,
    registeredResidence: address,
    usualResidence: address,
    applicantMemberId: applicant?.id ?? '',
    authorisation: { signed: true, evidence: SHA_A },
    pledge: { signed: true, evidence: SHA_B },
    closeRelativeOfStaff: false,
    homeVisit: { date: today, investigators: [{ name: '张科员' }, { name: '李主任', staffNo: 'MZ-002' }], method: 'home-visit' },
    members,
    supporters,
    assets: { financialAssets: h.financialAssets, otherAssetsWithinLimit: h.otherAssetsWithinLimit, houses: [{ area: 80, onlyHome: true }] },
    annualSpending: { ...h.annualSpending },
    ...(h.emergency ? { emergency: { kind: h.emergency.kind } } : {}),
    livingConditions: '砖混平房两间，家具简陋（虚构）',
    attachments: [
      { sha256: SHA_A, kind: 'authorisation', size: 120_000, contentType: 'image/jpeg' },
      { sha256: SHA_B, kind: 'pledge', size: 98_000, contentType: 'image/jpeg' },
    ],
  };
}
