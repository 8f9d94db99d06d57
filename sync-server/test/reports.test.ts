import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CountyReport } from '../../src/shared/rules/relocation/report-types';
import type { Form10Row } from '../../src/shared/rules/relocation/form10-rows';
import { DONGFENG, DONGFENG_QINGHE } from '../../test/fixtures/areas';
import { AT, EVENT, EXPECTED_LL, EXPECTED_QH, EXPECTED_TOTAL, LL, P, QH } from '../../test/fixtures/relocation-event';
import { startTestServer, type StoreKind, type TestServer } from '../../test/helpers/server-harness';
import { seedRelocationEvent, withCodes, type SeededEvent } from './relocation-seed';

const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
const reportUrl = (extra: Record<string, string> = {}) => `/api/reports/relocation?${q({ eventId: EVENT.id, at: AT, ...extra })}`;
const form10Url = (extra: Record<string, string> = {}) => `/api/reports/form10?${q({ eventId: EVENT.id, ...extra })}`;

describe.each<StoreKind>(['sqlite', 'postgres'])('relocation report (%s)', (kind) => {
  let server: TestServer;
  let seed: SeededEvent;

  beforeEach(async () => {
    server = await startTestServer({ store: kind });
    seed = await seedRelocationEvent(server);
  });
  afterEach(() => server.close());

  it('JSON: the fixture event’s known answers, by township and in total, people keyed by HMAC', async () => {
    const res = await server.inject('GET', reportUrl(), { session: seed.supervisor });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { report: CountyReport; generatedAt: string; skippedRecords: unknown[] };
    expect(body.report.townships).toEqual([withCodes(EXPECTED_QH), withCodes(EXPECTED_LL)]);
    expect(body.report.total).toEqual(EXPECTED_TOTAL);
    expect(body.report).toMatchObject({ eventId: EVENT.id, eventName: EVENT.name, at: AT });
    expect(body.skippedRecords).toEqual([]);
    expect(body.generatedAt).toBe(server.clock.now().toISOString());
    const audit = await server.store.listAudit({ action: 'report.relocation', limit: 10 });
    expect(audit[0]).toMatchObject({ userId: seed.supervisor.user.id, recordId: EVENT.id, detail: { format: 'json', at: AT } });
  });

  it('permissions: a worker gets 403; an administrator sees all; a supervisor of another county sees none of it', async () => {
    const worker = await server.inject('GET', reportUrl(), { session: seed.tablets['qh-1'] });
    expect(worker.statusCode).toBe(403);
    expect(worker.json().error.code).toBe('FORBIDDEN');
    expect((await server.inject('GET', form10Url(), { session: seed.tablets['ll-1'] })).statusCode).toBe(403);
    expect((await server.inject('GET', reportUrl())).statusCode).toBe(401);

    const admin = (await server.inject('GET', reportUrl(), { session: seed.admin })).json() as { report: CountyReport };
    expect(admin.report.total).toEqual(EXPECTED_TOTAL);

    const other = await server.session({ role: 'supervisor', township: null, county: DONGFENG });
    await server.session({ township: DONGFENG_QINGHE, county: DONGFENG });
    const theirs = (await server.inject('GET', reportUrl(), { session: other })).json() as { report: CountyReport };
    expect(theirs.report.townships).toEqual([]); // the event's townships are not theirs
    expect(theirs.report.total.relocated.cumulative).toBe(0);
  });

  it('validates the query; an unknown event is 404; `at` defaults to now', async () => {
    expect((await server.inject('GET', `/api/reports/relocation?${q({ eventId: EVENT.id, at: 'yesterday' })}`, { session: seed.supervisor })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await server.inject('GET', `/api/reports/relocation?${q({ eventId: EVENT.id, format: 'pdf' })}`, { session: seed.supervisor })).statusCode).toBe(400);
    expect((await server.inject('GET', `/api/reports/relocation?${q({ eventId: 'event-unknown-1' })}`, { session: seed.supervisor })).statusCode).toBe(404);
    server.clock.set('2026-06-20T09:00:00.000Z'); // 17:00 in China on the first day
    const now = (await server.inject('GET', `/api/reports/relocation?${q({ eventId: EVENT.id })}`, { session: seed.supervisor })).json() as { report: CountyReport };
    expect(now.report.at).toBe('2026-06-20T09:00:00.000Z');
    expect(now.report.total.relocated.current).toBe(4 + 3 + 2 + 2); // 张建国, 李秀英, 赵德明, 孙丽 so far
  });
});

describe('relocation report downloads (sqlite)', () => {
  let server: TestServer;
  let seed: SeededEvent;

  beforeEach(async () => {
    server = await startTestServer({ store: 'sqlite' });
    seed = await seedRelocationEvent(server);
  });
  afterEach(() => server.close());

  const download = async (url: string) => {
    const res = await server.inject('GET', url, { session: seed.supervisor });
    expect(res.statusCode).toBe(200);
    return res;
  };

  it('XLSX: Chinese headers, one row per township and 合计, goods columns; an attachment', async () => {
    const res = await download(reportUrl({ format: 'xlsx' }));
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="relocation-event-0620-flood\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("''")[1]!)).toBe('紧急转移安置统计-6·20 洪灾.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('紧急转移安置统计')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = (n: number) => Object.fromEntries(headers.map((h, i) => [h, sheet.getRow(n).getCell(i + 1).value]));
    expect(headers.slice(0, 4)).toEqual(['乡镇', '紧急转移安置人口（累计）', '紧急转移安置人口（当前）', '集中安置人口（累计）']);
    expect(row(2)).toMatchObject({ 乡镇: QH, '紧急转移安置人口（累计）': 19, '紧急转移安置人口（当前）': 17, '开放集中安置点（个）': 1, '发放救灾资金（元）': 21000, '棉被（床）': 13, '棉被折款（元）': 650 });
    expect(row(3)).toMatchObject({ 乡镇: LL, '分散安置人口（累计）': 3, '失踪人口': 1, '粮食（kg）': 75, '棉被（床）': 0 });
    expect(row(4)).toMatchObject({
      乡镇: '合计', '紧急转移安置人口（累计）': 27, '紧急转移安置人口（当前）': 23, '集中安置人口（当前）': 20, '紧急避险转移人口': 8,
      '需紧急生活救助人口': 20, '需过渡期生活救助人口': 15, '倒塌房屋（户）': 4, '倒塌房屋（间）': 12, '发放物资折款（元）': 1220, '救助户数（户）': 6,
    });
    expect(sheet.rowCount).toBe(4);
    expect(wb.getWorksheet('说明')!.getRow(1).values).toEqual([undefined, '灾害事件', '6·20 洪灾']);
  });

  it('CSV: UTF-8 with a BOM for Excel, the same table', async () => {
    const res = await download(reportUrl({ format: 'csv' }));
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="relocation-event-0620-flood\.csv"/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const parsed = Papa.parse<Record<string, string>>(res.body.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((r) => r['乡镇'])).toEqual([QH, LL, '合计']);
    expect(parsed.data[2]).toMatchObject({ '紧急转移安置人口（累计）': '27', '分散安置人口（当前）': '3', '死亡人口': '1', '发放救灾资金（元）': '21800' });
  });

  it('应急统表10 as CSV and XLSX: one row per household, the ID number kept as text, the export audited', async () => {
    const csv = await download(form10Url({ format: 'csv' }));
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="form10-event-0620-flood\.csv"/);
    const rows = Papa.parse<Record<string, string>>(csv.body.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(13);
    const liu = rows.find((r) => r['户主姓名'] === '刘桂兰')!;
    expect(liu['户主身份证号']).toBe(P.P6); // the value itself (issue 13 item 13): XLSX holds the text cell
    expect(liu).toMatchObject({ 乡镇: QH, 家庭人口: '3', 需救助人口: '3', '发放资金（元）': '0', '发放物资折款（元）': '300', 发放形式: '实物', 家庭住址: '清河镇河东村三组' });
    expect(rows.find((r) => r['户主姓名'] === '张建国')).toMatchObject({ 户类型: '低保户', 发放形式: '一卡通、实物', '发放资金（元）': '1000' });

    const xlsx = await download(form10Url({ format: 'xlsx' }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('应急统表10')!;
    expect(sheet.getRow(1).getCell(4).value).toBe('户主身份证号');
    const idCells = Array.from({ length: 13 }, (_, i) => sheet.getRow(i + 2).getCell(4).value);
    expect(idCells).toContain(P.P6);
    expect(idCells.every((v) => typeof v === 'string')).toBe(true);

    const audit = await server.store.listAudit({ action: 'report.form10', limit: 10 });
    expect(audit.map((a) => a.detail)).toEqual([{ format: 'xlsx', rows: 13 }, { format: 'csv', rows: 13 }]);
    expect(JSON.stringify(audit)).not.toContain(P.P6);
  });

  it('应急统表10 as JSON, limited to winter-spring items and a time', async () => {
    const all = (await download(form10Url())).json() as { rows: Form10Row[] };
    expect(all.rows).toHaveLength(13);
    const winter = (await download(form10Url({ kinds: 'winter-spring', at: AT }))).json() as { rows: Form10Row[] };
    expect(winter.rows).toHaveLength(12);
    expect(winter.rows.every((r) => r.cashYuan === 0 && r.goodsYuan === 0)).toBe(true);
    expect((await server.inject('GET', form10Url({ kinds: 'gold' }), { session: seed.supervisor })).statusCode).toBe(400);
  });
});
