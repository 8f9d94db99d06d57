import type { SurveyDraft } from '../../../src/shared/schema/survey';
import { ageIn2025, birthDate, madeUpIdNumber } from './id-numbers';
import { chineseName, GROUPS, surnameOf, VILLAGES } from './names';
import type { Rng } from './prng';

type Member = NonNullable<SurveyDraft['members']>[number];

const sha = (rng: Rng) => Array.from({ length: 64 }, () => Math.floor(rng.next() * 16).toString(16)).join('');

function member(rng: Rng, id: string, relation: Member['relation'], surname: string | undefined, serial: number, minAge: number, maxAge: number): Member {
  const sex = relation === 'self' ? 'male' : relation === 'spouse' ? 'female' : rng.chance(0.5) ? 'male' : 'female';
  const birth = birthDate(rng, minAge, maxAge);
  const age = ageIn2025(birth);
  const student = age >= 6 && age < 18;
  return {
    id,
    name: chineseName(rng, sex, surname),
    idNumber: madeUpIdNumber(rng, birth, sex, serial),
    sex,
    birthDate: birth,
    relation,
    counted: true,
    health: rng.pick(['healthy', 'healthy', 'chronic', 'major-illness'] as const),
    labourCapacity: age >= 60 || age < 16 ? 'none' : rng.pick(['full', 'partial'] as const),
    employment: student ? 'student' : age < 6 ? 'pre-school' : age >= 60 ? 'retired' : rng.pick(['farming', 'flexible', 'employed'] as const),
    ...(student ? { school: { level: age < 12 ? 'primary' : 'junior-secondary' } as const } : {}),
    incomes: age >= 18 ? [{ kind: rng.pick(['wage', 'basic-pension', 'business'] as const), monthly: rng.int(3, 300) * 10, source: 'declared' }] : [],
  };
}

/**
 * A submitted household eligibility survey (form version 2) as the app stores it, complete enough
 * for the server's submitted-survey rules: 2–5 members with consistent ID numbers, signed documents,
 * a home visit by two investigators, assets and spending. About 1.5 KB of JSON.
 */
export function generateSurvey(rng: Rng, serial: number): SurveyDraft {
  const surname = surnameOf(rng);
  const count = rng.int(2, 5);
  const members: Member[] = [member(rng, 'm1', 'self', surname, serial * 7, 30, 70)];
  if (count > 1) members.push(member(rng, 'm2', 'spouse', undefined, serial * 7 + 1, 28, 70));
  for (let i = 2; i < count; i++) members.push(member(rng, `m${i + 1}`, 'child', surname, serial * 7 + i, 1, 25));
  const village = rng.pick(VILLAGES);
  const address = { township: '清河镇', village, group: rng.pick(GROUPS), address: `${village}${rng.int(1, 99)}号` };
  const caseId = rng.uuid();
  return {
    id: rng.uuid(),
    caseId,
    stage: 'submitted',
    // Keys in the order the shared schema's parse writes them, so this is byte for byte what the app stores.
    livingConditions: '砖混平房两间，家具简陋，屋顶漏雨（虚构）',
    attachments: [],
    applicationType: rng.pick(['dibao', 'dibao', 'low-income', 'rigid-spending'] as const),
    visitKind: 'new-application',
    residence: 'rural',
    registeredResidence: address,
    usualResidence: address,
    applicantMemberId: 'm1',
    authorisation: { signed: true, evidence: sha(rng) },
    pledge: { signed: true, evidence: sha(rng) },
    closeRelativeOfStaff: false,
    homeVisit: { date: `2025-07-${String(rng.int(1, 28)).padStart(2, '0')}`, investigators: [{ name: chineseName(rng, 'male') }, { name: chineseName(rng, 'female'), staffNo: `MZ-${rng.int(100, 999)}` }], method: 'home-visit' },
    members,
    assets: { houses: [{ area: rng.int(30, 160), onlyHome: true }], vehicles: [], financialAssets: rng.int(0, 2000) * 10, businessAssets: [], otherAssetsWithinLimit: true },
    annualSpending: { medical: rng.int(0, 800) * 10, education: rng.int(0, 300) * 10, rehabilitation: 0, living: rng.int(300, 1500) * 10, other: 0 },
  };
}
