import { describe, expect, it } from 'vitest';
import { AT, EVENT, HANDOUTS, LL, P, QH, handoutsInTownship, householdsInTownship } from '../../../../test/fixtures/relocation-event';
import { householdForm10Rows } from './form10-rows';

const rows = (o = {}) => householdForm10Rows(householdsInTownship(), handoutsInTownship(), undefined, { townshipOrder: EVENT.townships, ...o });

describe('householdForm10Rows (应急统表10)', () => {
  it('one row per household, the one registered twice once; township order, then check-in', () => {
    const r = rows();
    expect(r).toHaveLength(13);
    expect(r.map((x) => x.headName)).toEqual([
      '周海', '张建国', '李秀英', '赵德明', '孙丽', '陈志强', '刘桂兰', '吴芳',
      '韩磊', '郑国华', '冯建', '蒋红', '郑明',
    ]);
    expect(r.filter((x) => x.township === QH)).toHaveLength(8);
    expect(r.filter((x) => x.township === LL)).toHaveLength(5);
  });

  it('a row holds the form’s columns', () => {
    expect(rows().find((x) => x.headName === '张建国')).toEqual({
      township: QH, headName: '张建国', headIdNumber: P.P1, phone: '13800000001', householdType: 'dibao', householdSize: 4,
      address: '清河镇河东村一组', peopleNeedingHelp: 4, cashYuan: 1000, goodsYuan: 200, payments: ['card', 'in-kind'], householdIds: ['hh-qh-01'],
    });
  });

  it('the household registered twice: the later record’s phone, the hand-outs of both records', () => {
    expect(rows().find((x) => x.headName === '刘桂兰')).toMatchObject({
      headIdNumber: P.P6, phone: '13900000006', householdSize: 3, peopleNeedingHelp: 3, cashYuan: 0, goodsYuan: 300, payments: ['in-kind'],
      householdIds: ['hh-qh-05a', 'hh-qh-05b'],
    });
  });

  it('people needing help: the household’s size when it needs emergency or transitional support', () => {
    const r = rows();
    expect(r.find((x) => x.headName === '孙丽')).toMatchObject({ peopleNeedingHelp: 2, cashYuan: 600, payments: ['card'] });
    expect(r.find((x) => x.headName === '赵德明')).toMatchObject({ peopleNeedingHelp: 0, cashYuan: 0, goodsYuan: 0, payments: [] });
    expect(r.find((x) => x.headName === '陈志强')).toMatchObject({ cashYuan: 20000, payments: ['cash'] });
  });

  it('at a time: households checked in and hand-outs made by then; by item kinds', () => {
    const r = rows({ at: AT });
    expect(r).toHaveLength(12); // 吴芳 checks in on 06-26
    expect(r.find((x) => x.headName === '孙丽')).toMatchObject({ cashYuan: 0 }); // relief-10 is on 06-26
    const quilts = rows({ kinds: ['quilt'] });
    expect(quilts.reduce((s, x) => s + x.goodsYuan, 0)).toBe(650);
    expect(quilts.reduce((s, x) => s + x.cashYuan, 0)).toBe(0);
    expect(rows({ rounds: ['2'] }).reduce((s, x) => s + x.goodsYuan, 0)).toBe(150);
  });

  it('sums every hand-out of the ledger', () => {
    const total = rows().reduce((s, x) => s + x.cashYuan + x.goodsYuan, 0);
    expect(total).toBe(HANDOUTS.reduce((s, h) => s + h.handout.cashValue, 0));
  });
});
