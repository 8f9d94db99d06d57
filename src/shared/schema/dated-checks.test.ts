import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../rules/id-number';
import { householdDatedIssues, surveyDatedIssues } from './dated-checks';

/** A valid 18-digit number born on `yyyymmdd` (the check character worked out). */
const born = (yyyymmdd: string) => {
  const first17 = `330106${yyyymmdd}123`;
  return first17 + idCheckChar(first17);
};
const TODAY = '2026-05-01';
const past = born('19850312');
const future = born('20270101');

describe('dated checks: a birth date after today, with its path, in the record\'s order', () => {
  it('a household: the head first, then each member by index; a missing or blank number is skipped', () => {
    const fields = {
      head: { idNumber: future },
      members: [{ idNumber: past }, { idNumber: future }, { name: 'no number' }, { idNumber: '  ' }, null, { idNumber: future }],
    };
    expect(householdDatedIssues(fields, TODAY)).toEqual([
      { path: ['head', 'idNumber'], message: 'id.futureBirthDate' },
      { path: ['members', 1, 'idNumber'], message: 'id.futureBirthDate' },
      { path: ['members', 5, 'idNumber'], message: 'id.futureBirthDate' },
    ]);
  });

  it('a household with no future date, no members or no head has none', () => {
    expect(householdDatedIssues({ head: { idNumber: past }, members: [{ idNumber: past }] }, TODAY)).toEqual([]);
    expect(householdDatedIssues({}, TODAY)).toEqual([]);
  });

  it('a 15-digit number counts only with its old-format flag (an old number is 19xx: never in the future here)', () => {
    expect(householdDatedIssues({ head: { idNumber: '330106850312123', idOldFormat: true } }, '1985-03-11')).toEqual([
      { path: ['head', 'idNumber'], message: 'id.futureBirthDate' },
    ]);
    expect(householdDatedIssues({ head: { idNumber: '330106850312123' } }, '1985-03-11')).toEqual([]);
  });

  it('a submitted survey: members, then supporters; a draft has none', () => {
    const fields = { stage: 'submitted', members: [{ idNumber: future }, { idNumber: past }], supporters: [{ idNumber: future }] };
    expect(surveyDatedIssues(fields, TODAY)).toEqual([
      { path: ['members', 0, 'idNumber'], message: 'id.futureBirthDate' },
      { path: ['supporters', 0, 'idNumber'], message: 'id.futureBirthDate' },
    ]);
    expect(surveyDatedIssues({ ...fields, stage: 'draft' }, TODAY)).toEqual([]);
  });
});
