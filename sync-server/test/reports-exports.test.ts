/**
 * Issue 13, item 13: exports as the county reads them. The XLSX 说明 sheet gives times in China time,
 * as the screen does; the 应急统表10 CSV carries the ID number's value (no leading tab: XLSX is where
 * Excel's text cells belong, and there the number is a text cell).
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT, P } from '../../test/fixtures/relocation-event';
import { startTestServer, type TestServer } from '../../test/helpers/server-harness';
import { seedRelocationEvent, type SeededEvent } from './relocation-seed';

describe('report exports (sqlite)', () => {
  let server: TestServer;
  let seed: SeededEvent;

  beforeEach(async () => {
    server = await startTestServer({ store: 'sqlite' });
    seed = await seedRelocationEvent(server);
  });
  afterEach(() => server.close());

  const get = async (url: string) => {
    const res = await server.inject('GET', url, { session: seed.supervisor });
    expect(res.statusCode).toBe(200);
    return res;
  };

  it('XLSX 说明: 统计时间 and 生成时间 in China time, whatever offset the request gave', async () => {
    server.clock.set('2026-06-20T16:30:00.000Z'); // 00:30 on 06-21 in China
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get(`/api/reports/relocation?eventId=${EVENT.id}&format=xlsx&at=2026-06-25T04:00:00.000Z`)).rawPayload as unknown as ArrayBuffer);
    const notes = Object.fromEntries(
      Array.from({ length: wb.getWorksheet('说明')!.rowCount }, (_, i) => (wb.getWorksheet('说明')!.getRow(i + 1).values as unknown[]).slice(1)),
    );
    expect(notes).toEqual({ 灾害事件: '6·20 洪灾', 统计时间: '2026-06-25 12:00（北京时间）', 生成时间: '2026-06-21 00:30（北京时间）' });
    // No time given: now, in China time too.
    await wb.xlsx.load((await get(`/api/reports/relocation?eventId=${EVENT.id}&format=xlsx`)).rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('说明')!.getRow(2).values).toEqual([undefined, '统计时间', '2026-06-21 00:30（北京时间）']);
  });

  it('应急统表10 CSV: the ID number and phone as they are, no tab before them', async () => {
    const csv = await get(`/api/reports/form10?eventId=${EVENT.id}&format=csv`);
    expect(csv.body).not.toContain('\t');
    const rows = Papa.parse<Record<string, string>>(csv.body.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    expect(rows.find((r) => r['户主姓名'] === '刘桂兰')).toMatchObject({ 户主身份证号: P.P6, 联系电话: '13900000006' });
  });
});
