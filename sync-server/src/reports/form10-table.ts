import type { Form10Row } from '../../../src/shared/rules/relocation/form10-rows';
import { HOUSEHOLD_TYPE_ZH, PAYMENT_ZH } from '../../../src/shared/rules/relocation/labels-zh';
import { nameOf } from '../areas/division-names';
import type { Table } from './table';

const FORM10_HEADERS = [
  '序号', '乡镇', '户主姓名', '户主身份证号', '联系电话', '户类型', '家庭人口', '家庭住址', '需救助人口', '发放资金（元）', '发放物资折款（元）', '发放形式',
];

/** 应急统表10, one row per household, townships by name. The ID number is in full: the county's form asks for it. */
export function form10Table(rows: readonly Form10Row[], names: ReadonlyMap<string, string> = new Map()): Table {
  return {
    title: '应急统表10',
    headers: FORM10_HEADERS,
    rows: rows.map((r, i) => [
      i + 1, nameOf(names, r.township), r.headName, r.headIdNumber, r.phone, HOUSEHOLD_TYPE_ZH[r.householdType], r.householdSize, r.address,
      r.peopleNeedingHelp, r.cashYuan, r.goodsYuan, r.payments.map((p) => PAYMENT_ZH[p]).join('、'),
    ]),
    textColumns: [3, 4],
  };
}
