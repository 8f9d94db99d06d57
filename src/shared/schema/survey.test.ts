import { describe, expect, it } from 'vitest';
import { assessHousehold } from '../rules/eligibility/assess-household';
import { fixtureCases, household, member, POLICY } from '../../../test/helpers/eligibility-builders';
import fixture from '../../../test/fixtures/eligibility-cases.json';
import { ENTITY_DEFINITIONS } from './registry';
import {
  SURVEY_FORM_VERSION,
  surveyApplicantIdNumber,
  surveyCompleteSchema,
  surveyDraftSchema,
  surveyRecordSchema,
  upgradeSurvey,
  type SurveyCompleteInput,
} from './survey';
import { madeUpIdNumber, surveyFromHousehold } from '../../../test/helpers/survey-builders';

const FIXTURE_CASES = fixtureCases(fixture);

const TODAY = '2026-05-01';
/** Case H3: three members, one with a disability; made-up people. */
const base = (): SurveyCompleteInput => structuredClone(surveyFromHousehold(FIXTURE_CASES.find((c) => c.id === 'H3')!.household, TODAY));

function issues(schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown) {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
/** Deletes a dotted path from an object. */
function without(value: SurveyCompleteInput, path: string): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.split('.');
  let o: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
  delete o[keys.at(-1)!];
  return copy;
}

describe('surveyCompleteSchema', () => {
  it('accepts a complete survey', () => {
    expect(issues(surveyCompleteSchema, base())).toEqual([]);
  });

  it.each([
    'applicationType',
    'visitKind',
    'residence',
    'registeredResidence',
    'registeredResidence.township',
    'usualResidence',
    'usualResidence.village',
    'applicantMemberId',
    'authorisation',
    'pledge',
    'closeRelativeOfStaff',
    'homeVisit',
    'homeVisit.date',
    'homeVisit.investigators',
    'homeVisit.method',
    'members',
    'assets',
    'assets.financialAssets',
    'assets.otherAssetsWithinLimit',
    'annualSpending',
    'members.0.name',
    'members.0.idNumber',
    'members.0.sex',
    'members.0.birthDate',
    'members.0.relation',
    'members.0.counted',
    'members.0.health',
    'members.0.labourCapacity',
    'members.0.employment',
  ])('%s is mandatory: "required"', (path) => {
    expect(issues(surveyCompleteSchema, without(base(), path))).toContain(`${path}: required`);
  });

  it('an empty name is "required" too', () => {
    const s = base();
    s.members[0]!.name = '  ';
    expect(issues(surveyCompleteSchema, s)).toContain('members.0.name: required');
  });

  it('at least two investigators: investigators.min2', () => {
    const s = base();
    s.homeVisit.investigators = [{ name: '张科员' }];
    expect(issues(surveyCompleteSchema, s)).toEqual(['homeVisit.investigators: investigators.min2']);
  });

  it('phone or video only in a major emergency', () => {
    const s = base();
    s.homeVisit.method = 'phone';
    expect(issues(surveyCompleteSchema, s)).toEqual(['homeVisit.method: homeVisit.remoteOnlyInEmergency']);
    s.homeVisit.majorEmergency = true;
    expect(issues(surveyCompleteSchema, s)).toEqual([]);
  });

  it('the authorisation and the pledge must be signed, with their photo or signature', () => {
    const s = base();
    s.authorisation = { signed: false, evidence: 'a'.repeat(64) };
    s.pledge = { signed: true };
    expect(issues(surveyCompleteSchema, s)).toEqual(['authorisation.signed: authorisation.notSigned', 'pledge.evidence: pledge.evidenceRequired']);
  });

  it('a member not counted needs the reason; a counted one must not have one', () => {
    const s = base();
    s.members[1]!.counted = false;
    expect(issues(surveyCompleteSchema, s)).toEqual(['members.1.notCountedReason: required']);
    s.members[1]!.notCountedReason = 'prison';
    expect(issues(surveyCompleteSchema, s)).toEqual([]);
    s.members[2]!.notCountedReason = 'religious-3y';
    expect(issues(surveyCompleteSchema, s)).toEqual(['members.2.notCountedReason: notCountedReason.unexpected']);
  });

  it('the ID number must be valid, each failure with its own code', () => {
    const s = base();
    s.members[0]!.idNumber = '330106198503121236';
    expect(issues(surveyCompleteSchema, s)).toContain('members.0.idNumber: id.checkChar');
    s.members[0]!.idNumber = '3301061985';
    expect(issues(surveyCompleteSchema, s)).toContain('members.0.idNumber: id.length');
  });

  it('sex and birth date are cross-checked against the ID number: id.sexMismatch, id.birthDateMismatch', () => {
    const s = base();
    const m = s.members[0]!;
    m.sex = m.sex === 'male' ? 'female' : 'male';
    m.birthDate = '1976-01-02';
    expect(issues(surveyCompleteSchema, s)).toEqual(['members.0.sex: id.sexMismatch', 'members.0.birthDate: id.birthDateMismatch']);
  });

  it('[P5] a survey or a member row that is no object is refused as invalid, never a thrown TypeError', () => {
    // The checks that run even when fields failed (issue 13 item 5) read the value's fields: a null
    // survey or a null member row must be a validation answer the UI can show, not an exception.
    for (const value of [null, 'x', 7, []]) expect(surveyCompleteSchema.safeParse(value).success).toBe(false);
    const nullRow = { ...base(), members: [null, ...base().members] };
    // The row is named (its type's own issue), and the rows after it are still checked.
    expect(issues(surveyCompleteSchema, nullRow).filter((i) => i.startsWith('members.0:'))).toHaveLength(1);
    expect(issues(surveyCompleteSchema, { ...base(), members: [7] }).filter((i) => i.startsWith('members.0:'))).toHaveLength(1);
    expect(issues(surveyCompleteSchema, { ...nullRow, members: [null, { ...base().members[0]!, name: '' }] })).toContain('members.1.name: required');
    expect(surveyRecordSchema.safeParse({ ...nullRow, stage: 'submitted' }).success).toBe(false);
  });

  it('a lower-case x check character is read as X', () => {
    const s = base();
    Object.assign(s.members[0]!, { idNumber: '42010619920115101x', sex: 'male', birthDate: '1992-01-15' });
    const r = surveyCompleteSchema.parse(s);
    expect(r.members[0]!.idNumber).toBe('42010619920115101X');
  });

  it('a 15-digit number only when marked old-format, cross-checked all the same', () => {
    const s = base();
    Object.assign(s.members[0]!, { idNumber: '330106740101123', sex: 'male', birthDate: '1974-01-01' });
    expect(issues(surveyCompleteSchema, s)).toEqual(['members.0.idNumber: id.oldFormat']);
    s.members[0]!.idOldFormat = true;
    expect(issues(surveyCompleteSchema, s)).toEqual([]);
    s.members[0]!.sex = 'female';
    expect(issues(surveyCompleteSchema, s)).toEqual(['members.0.sex: id.sexMismatch']);
  });

  it('a student needs a school', () => {
    const s = base();
    s.members[2]!.employment = 'student';
    expect(issues(surveyCompleteSchema, s)).toEqual(['members.2.school: required']);
  });

  it('the applicant is a counted member whose relation is self', () => {
    const s = base();
    s.applicantMemberId = 'nobody';
    expect(issues(surveyCompleteSchema, s)).toEqual(['applicantMemberId: applicant.notMember']);
    s.applicantMemberId = 'm2';
    expect(issues(surveyCompleteSchema, s)).toEqual(['members.1.relation: applicant.relationNotSelf']);
    s.applicantMemberId = 'm1';
    s.members[0]!.counted = false;
    s.members[0]!.notCountedReason = 'prison';
    expect(issues(surveyCompleteSchema, s)).toEqual(['applicantMemberId: applicant.notCoResident']);
  });

  it('member ids and ID numbers are unique within the survey', () => {
    const s = base();
    s.members[2]!.id = 'm2';
    s.members[1]!.idNumber = s.members[0]!.idNumber;
    Object.assign(s.members[1]!, { sex: s.members[0]!.sex, birthDate: s.members[0]!.birthDate });
    expect(issues(surveyCompleteSchema, s)).toEqual(['members.1.idNumber: members.duplicateIdNumber', 'members.2.id: members.duplicateId']);
  });

  it('supporters are mandatory for a 特困 application (an empty list says "none")', () => {
    const s = base();
    s.applicationType = 'tekun';
    delete s.supporters;
    expect(issues(surveyCompleteSchema, s)).toEqual(['supporters: supporters.required']);
    s.supporters = [];
    expect(issues(surveyCompleteSchema, s)).toEqual([]);
  });

  it('a supporter needs name, a valid ID number, relation, age, income and the property flag', () => {
    const s = base();
    s.supporters = [{ id: 's1' } as never];
    expect(issues(surveyCompleteSchema, s)).toEqual([
      'supporters.0.name: required',
      'supporters.0.idNumber: required',
      'supporters.0.relation: required',
      'supporters.0.age: required',
      'supporters.0.monthlyIncome: required',
      'supporters.0.propertyWithinLimit: required',
    ]);
  });

  it('an emergency application needs the emergency', () => {
    const s = base();
    s.applicationType = 'temporary-emergency';
    expect(issues(surveyCompleteSchema, s)).toEqual(['emergency: emergency.required']);
    s.emergency = { kind: 'fire', date: '2026-04-20' };
    expect(issues(surveyCompleteSchema, s)).toEqual([]);
  });

  it('money is yuan with at most two decimals, not negative', () => {
    const s = base();
    s.members[1]!.incomes = [{ kind: 'wage', monthly: 10.005 }, { kind: 'business', monthly: -1 }];
    expect(issues(surveyCompleteSchema, s)).toEqual(['members.1.incomes.0.monthly: money.cents', 'members.1.incomes.1.monthly: money.negative']);
  });

  it('an income item is declared unless matched by the checking system', () => {
    const s = base();
    s.members[1]!.incomes = [{ kind: 'wage', monthly: 1800 }];
    expect(surveyCompleteSchema.parse(s).members[1]!.incomes).toEqual([{ kind: 'wage', monthly: 1800, source: 'declared' }]);
  });

  it('attachments are content-addressed references with a size and a content type', () => {
    const s = base();
    s.attachments = [
      { sha256: 'xyz', kind: 'home', size: 10, contentType: 'image/jpeg' },
      { sha256: 'c'.repeat(64), kind: 'home', size: 30 * 1024 * 1024, contentType: 'image/jpeg' },
      { sha256: 'c'.repeat(64), kind: 'home', size: 10, contentType: 'text/html' as never },
    ];
    expect(issues(surveyCompleteSchema, s)).toEqual([
      'attachments.0.sha256: sha256.invalid',
      'attachments.1.size: attachment.tooLarge',
      'attachments.2.contentType: invalid',
    ]);
  });

  it('stores the last on-device assessment with its policy version', () => {
    const c = FIXTURE_CASES.find((x) => x.id === 'H3')!;
    const s = { ...base(), assessment: { ...assessHousehold(c.household, POLICY), policyVersion: 3, assessedAt: '2026-05-01T10:00:00+08:00' } };
    const parsed = surveyCompleteSchema.parse(s);
    expect(parsed.assessment?.household).toBe('low-income');
    expect(parsed.assessment?.reasons).toEqual(s.assessment.reasons);
    expect(issues(surveyCompleteSchema, { ...s, assessment: { ...s.assessment, policyVersion: undefined } }).map((i) => i.split(':')[0])).toEqual(['assessment.policyVersion']);
  });
});

describe('surveyDraftSchema', () => {
  it('a draft needs only id and caseId', () => {
    expect(surveyDraftSchema.parse({ id: 'survey-0001', caseId: 'case-0001' })).toEqual({ id: 'survey-0001', caseId: 'case-0001', stage: 'draft', attachments: [] });
    expect(issues(surveyDraftSchema, {})).toEqual(['id: required', 'caseId: required']);
  });

  it('a half-filled draft saves: a half-typed ID number, a member with only an id, one investigator', () => {
    const draft = {
      id: 'survey-0001',
      caseId: 'case-0001',
      applicationType: 'dibao',
      members: [{ id: 'm1', name: '王', idNumber: '3301061985' }, { id: 'm2' }],
      homeVisit: { investigators: [{ name: '张科员' }] },
      assets: { financialAssets: 1000 },
      members_extra_is_ignored: true,
    };
    expect(issues(surveyDraftSchema, draft)).toEqual([]);
  });

  it('a draft still checks the kind of each value', () => {
    expect(issues(surveyDraftSchema, { id: 'survey-0001', caseId: 'case-0001', residence: 'city', members: [{ id: 'm1', counted: 'yes' }] })).toEqual([
      'residence: invalid',
      'members.0.counted: invalid',
    ]);
  });

  it('a complete survey is also a valid draft', () => {
    expect(issues(surveyDraftSchema, base())).toEqual([]);
  });
});

describe('surveyRecordSchema (what the server stores)', () => {
  it('a draft stage passes half-filled', () => {
    expect(issues(surveyRecordSchema, { id: 'survey-0001', caseId: 'case-0001', stage: 'draft', homeVisit: { investigators: [] } })).toEqual([]);
  });

  it('a submitted survey must be complete, with the same codes', () => {
    const s = base();
    s.homeVisit.investigators = [{ name: '张科员' }];
    expect(issues(surveyRecordSchema, s)).toEqual(['homeVisit.investigators: investigators.min2']);
    expect(issues(surveyRecordSchema, { id: 'survey-0001', caseId: 'case-0001', stage: 'submitted' })).toContain('applicationType: required');
  });
});

describe('form version 1 → 2 (upgradeSurvey)', () => {
  /** The v1 shape of a survey: the same, with incomes flat at survey level. */
  function toV1(s: SurveyCompleteInput): Record<string, unknown> {
    const incomes = s.members.flatMap((m) => (m.incomes ?? []).map((i) => ({ memberId: m.id, kind: i.kind, monthly: i.monthly })));
    return { ...structuredClone(s), members: s.members.map(({ incomes: _i, ...m }) => structuredClone(m)), incomes };
  }

  it('is version 2, and 1 is the previous version', () => {
    expect(SURVEY_FORM_VERSION).toBe(2);
  });

  it('folds the flat income list into each member, in order, as declared income', () => {
    const v1 = toV1(base());
    const frozen = structuredClone(v1);
    const v2 = upgradeSurvey(v1, 1);
    expect(v1).toEqual(frozen);
    expect('incomes' in v2).toBe(false);
    const members = v2.members as { id: string; incomes: unknown[] }[];
    expect(members.map((m) => [m.id, m.incomes])).toEqual([
      ['m1', []],
      ['m2', [{ kind: 'wage', monthly: 1800, source: 'declared' }]],
      ['m3', [{ kind: 'wage', monthly: 900, source: 'declared' }]],
    ]);
    expect(issues(surveyRecordSchema, v2)).toEqual([]);
  });

  it('an old draft still opens: a half-filled v1 draft upgrades to a valid v2 draft', () => {
    const v1 = { id: 'survey-0001', caseId: 'case-0001', members: [{ id: 'm1', name: '王' }], incomes: [{ memberId: 'm1', kind: 'business', monthly: 300 }] };
    const v2 = upgradeSurvey(v1, 1);
    expect(surveyDraftSchema.parse(v2).members).toEqual([{ id: 'm1', name: '王', incomes: [{ kind: 'business', monthly: 300, source: 'declared' }] }]);
  });

  it('a v1 change without incomes is unchanged; version 2 passes through; other versions throw', () => {
    expect(upgradeSurvey({ livingConditions: '整洁' }, 1)).toEqual({ livingConditions: '整洁' });
    const v2 = { members: [] };
    expect(upgradeSurvey(v2, 2)).toBe(v2);
    expect(() => upgradeSurvey({}, 3)).toThrow(RangeError);
  });

  it('income items that cannot be placed stay in `incomes` and are refused by name: incomes.unassigned', () => {
    const alone = upgradeSurvey({ incomes: [{ memberId: 'm1', kind: 'wage', monthly: 1 }] }, 1);
    expect(alone).toEqual({ incomes: [{ memberId: 'm1', kind: 'wage', monthly: 1 }] });
    const unknown = upgradeSurvey({ id: 'survey-0001', caseId: 'case-0001', members: [{ id: 'm1' }], incomes: [{ memberId: 'm9', kind: 'wage', monthly: 1 }] }, 1);
    expect(unknown.incomes).toEqual([{ memberId: 'm9', kind: 'wage', monthly: 1 }]);
    expect(issues(surveyDraftSchema, unknown)).toEqual(['incomes: incomes.unassigned']);
  });

  it('every fixture household survives v1 → v2 with the same assessment', async () => {
    const { surveyToHousehold } = await import('../rules/survey-to-household');
    for (const c of FIXTURE_CASES) {
      const s = surveyFromHousehold(c.household, TODAY);
      const upgraded = surveyCompleteSchema.parse(upgradeSurvey(toV1(s), 1));
      const direct = surveyCompleteSchema.parse(s);
      // Only the income source is lost: v1 knew no "matched".
      expect(assessHousehold(surveyToHousehold(upgraded, TODAY), POLICY)).toEqual(assessHousehold(surveyToHousehold(direct, TODAY), POLICY));
    }
  });
});

describe("registry: entity 'survey'", () => {
  it('form version 2, accepts 1 and 2, upgrades, validates with the record schema', () => {
    const def = ENTITY_DEFINITIONS.survey!;
    expect(def.formVersion).toBe(2);
    expect(def.acceptedFormVersions).toEqual([1, 2]);
    expect(def.upgrade).toBe(upgradeSurvey);
    expect(def.schema).toBe(surveyRecordSchema);
  });

  it('indexes the applicant\'s whole ID number only', () => {
    const s = base();
    expect(surveyApplicantIdNumber(s as unknown as Record<string, unknown>)).toBe(s.members[0]!.idNumber);
    expect(surveyApplicantIdNumber({ applicantMemberId: 'm1', members: [{ id: 'm1', idNumber: '3301' }] })).toBeUndefined();
    expect(surveyApplicantIdNumber({ applicantMemberId: 'm1', members: [{ id: 'm1', idNumber: '42010619920115101x' }] })).toBe('42010619920115101X');
    expect(surveyApplicantIdNumber({})).toBeUndefined();
  });
});

describe('survey builders', () => {
  it('make ID numbers that validate and give the age wanted', () => {
    const s = surveyFromHousehold(household([member('a', { age: 0, relation: 'self' }), member('b', { age: 99 })]), TODAY);
    expect(issues(surveyCompleteSchema, s)).toEqual([]);
    expect(madeUpIdNumber('1990-01-01', 'male', 1)).toMatch(/^33010619900101003[\dX]$/);
  });
});
