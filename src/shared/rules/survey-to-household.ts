import type { SurveyComplete } from '../schema/survey';
import type { Disability, Household, Member, Supporter } from './eligibility/household-schema';
import { ageOn, validateIdNumber } from './id-number';

type WithDisability = { disability?: (Disability & { certificate?: string | undefined }) | undefined };

/** The engine's disability: category and grade (the certificate number stays in the survey). */
function disabilityOf(row: WithDisability): Pick<Member, 'disability'> {
  return row.disability ? { disability: { category: row.disability.category, grade: row.disability.grade } } : {};
}

/**
 * Maps a complete survey onto the rule engine's household (eligibility.md "The contract"), for
 * assessHousehold. Pure: the caller passes `today` (YYYY-MM-DD), and ages are whole years on it.
 * - a member's age comes from the birth date (which the complete schema has checked against the ID);
 * - counted = false becomes the notCountedReason; counted = true drops any reason;
 * - income items keep kind and amount (the source, declared or matched, does not change the count);
 * - a supporter's age comes from their ID number when it is valid on `today`, else the recorded age;
 * - no supporters recorded means none; optional keys are left out rather than set to undefined.
 */
export function surveyToHousehold(survey: SurveyComplete, today: string): Household {
  const members = survey.members.map(
    (m): Member => ({
      id: m.id,
      name: m.name,
      idNumber: m.idNumber,
      relation: m.relation,
      age: ageOn(m.birthDate, today),
      ...(!m.counted && m.notCountedReason ? { notCountedReason: m.notCountedReason } : {}),
      health: m.health,
      labourCapacity: m.labourCapacity,
      ...disabilityOf(m),
      ...(m.selfCare ? { selfCare: { ...m.selfCare } } : {}),
      ...(m.parents ? { parents: { ...m.parents } } : {}),
      income: m.incomes.map((i) => ({ kind: i.kind, monthly: i.monthly })),
    }),
  );

  const supporters = (survey.supporters ?? []).map((s): Supporter => {
    const id = validateIdNumber(s.idNumber, { today, oldFormat: !!s.idOldFormat });
    return {
      id: s.id,
      relation: s.relation,
      age: id.ok ? ageOn(id.birthDate, today) : s.age,
      monthlyIncome: s.monthlyIncome,
      propertyWithinLimit: s.propertyWithinLimit,
      ...(s.receives ? { receives: s.receives } : {}),
      ...disabilityOf(s),
      ...(s.legalStatus ? { legalStatus: s.legalStatus } : {}),
    };
  });

  return {
    residence: survey.residence,
    members,
    supporters,
    financialAssets: survey.assets.financialAssets,
    otherAssetsWithinLimit: survey.assets.otherAssetsWithinLimit,
    annualSpending: { ...survey.annualSpending },
    ...(survey.emergency ? { emergency: { kind: survey.emergency.kind } } : {}),
  };
}
