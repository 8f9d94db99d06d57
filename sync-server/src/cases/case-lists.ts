import type { CaseListKind, CaseListResponse, CountyCaseRow } from '../../../src/shared/protocol/county-cases';
import { UNPUBLISHED_PROGRAMMES } from '../../../src/shared/schema/case';
import { maskIdNumber } from '../../../src/shared/rules/id-number';
import type { Table } from '../reports/table';
import type { CaseEntry } from './load-county-cases';

const PROGRAMME_NAMES: Record<string, string> = {
  dibao: '最低生活保障', tekun: '特困人员供养', 'low-income': '低保边缘', 'rigid-spending': '刚性支出困难',
  'temporary-emergency': '临时救助（急难型）', 'temporary-spending': '临时救助（支出型）', orphan: '孤儿', 'child-without-care': '事实无人抚养儿童',
};

const TITLES: Record<CaseListKind, string> = {
  approval: '社会救助审批表',
  notice: '社会救助公示名单',
  recipients: '社会救助对象公布名单',
};

/** [K16] Never in a public list, whatever else is true of the case (privacy.md §7, CL4). */
export const mayBePublished = (row: CountyCaseRow) => !UNPUBLISHED_PROGRAMMES.includes(row.programme);

/**
 * [K16] The 公示 list: cases whose grant proposal is to be noticed or is being noticed today (a
 * notice after the latest opinion that has not ended), with the proposed amount.
 */
function onNotice(e: CaseEntry, today: string): boolean {
  if (!mayBePublished(e.row) || e.state.phase !== 'application' || e.state.opinion !== 'grant') return false;
  const opinionAt = e.state.path.findLastIndex((s) => s.kind === 'township-opinion');
  const notice = e.state.path.slice(opinionAt + 1).findLast((s) => s.kind === 'notice');
  return notice?.kind !== 'notice' || notice.payload.end >= today;
}

const village = (r: CountyCaseRow) => r.villageName ?? r.village ?? r.townshipName ?? r.township;

/** The applicant's ID number, masked: the approval form is internal, yet no page shows a number in full. */
function maskedApplicantId(e: CaseEntry): string {
  const f = e.survey?.fields;
  const members = Array.isArray(f?.members) ? (f.members as Record<string, unknown>[]) : [];
  const applicant = members.find((m) => m && m.id === f?.applicantMemberId);
  return typeof applicant?.idNumber === 'string' ? maskIdNumber(applicant.idNumber) : '';
}

function decisionText(e: CaseEntry): string {
  const d = e.state.path.findLast((s) => s.kind === 'county-decision');
  if (d?.kind !== 'county-decision') return '待审核确认';
  if (d.payload.outcome === 'grant') return `批准 ${d.payload.amount} 元/月，自 ${d.payload.firstMonth} 起`;
  if (d.payload.outcome === 'refuse') return '不予批准';
  return '退回补充调查';
}

/**
 * [K16][K17] The printable lists. The public ones (公示, 公布) carry only the village, the applicant's
 * name, the household size and the amount, and never an orphan's or a child-without-care case. The
 * approval form (审批表) is internal and covers every case, with the ID number masked.
 */
export function caseList(kind: CaseListKind, entries: readonly CaseEntry[], today: string): CaseListResponse {
  const title = TITLES[kind];
  if (kind === 'notice') {
    const rows = entries.filter((e) => onNotice(e, today)).map((e) => [village(e.row), e.row.applicantName ?? '', e.row.householdSize ?? '', e.row.proposal?.proposal === 'grant' ? e.row.proposal.amount : '']);
    return { kind, today, title, headers: ['村（社区）', '申请人', '家庭人口', '拟保障金额（元/月）'], rows: sortRows(rows) };
  }
  if (kind === 'recipients') {
    const rows = entries.filter((e) => mayBePublished(e.row) && e.state.phase === 'in-payment').map((e) => [village(e.row), e.row.applicantName ?? '', e.row.householdSize ?? '', e.row.amount ?? '']);
    return { kind, today, title, headers: ['村（社区）', '户主/申请人', '家庭人口', '保障金额（元/月）'], rows: sortRows(rows) };
  }
  const rows = entries.map((e) => [
    e.row.townshipName ?? e.row.township, village(e.row), e.row.applicantName ?? '', maskedApplicantId(e), PROGRAMME_NAMES[e.row.programme] ?? e.row.programme,
    e.row.householdSize ?? '', e.row.acceptedOn,
    e.row.proposal ? (e.row.proposal.proposal === 'grant' ? `拟批准 ${e.row.proposal.amount} 元/月` : '拟不予批准') : '',
    decisionText(e),
  ]);
  return {
    kind, today, title,
    headers: ['乡镇', '村（社区）', '申请人', '身份证号（脱敏）', '救助类别', '家庭人口', '受理日期', '乡镇初审意见', '县级审核确认'],
    rows,
  };
}

/** By village, then name: the order a notice board is read in. */
function sortRows(rows: (string | number)[][]): (string | number)[][] {
  return rows.sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'zh-CN') || String(a[1]).localeCompare(String(b[1]), 'zh-CN'));
}

export function listTable(list: CaseListResponse): Table {
  return { title: list.title, headers: list.headers, rows: list.rows, textColumns: list.kind === 'approval' ? [3, 6] : [] };
}
