import ExcelJS from 'exceljs';
import { formatDateTime } from '../../../src/shared/rules/china-time';
import type { Table } from './table';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A note's value as the county reads it: an ISO time (the server's are UTC) in China time, as every
 * screen shows times (src/shared/rules/china-time.ts), named so nobody takes it for another zone.
 */
function noteText(value: string): string {
  const shown = ISO_DATE_TIME.test(value) ? formatDateTime(value) : '';
  return shown ? `${shown}（北京时间）` : value;
}

/** An .xlsx workbook with the table on one sheet; every cell typed (text stays text, numbers numbers). */
export async function tableToXlsx(table: Table, notes: [string, string][] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tidemark';
  const sheet = wb.addWorksheet(table.title);
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  // Strings are written as strings: an ID number never becomes 3.30106E+17, a name never a formula.
  for (const col of table.textColumns ?? []) sheet.getColumn(col + 1).numFmt = '@';
  sheet.columns.forEach((c, i) => (c.width = Math.max(8, Math.min(30, (table.headers[i]?.length ?? 4) * 2 + 2))));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  if (notes.length) {
    const info = wb.addWorksheet('说明');
    for (const [name, value] of notes) info.addRow([name, noteText(value)]);
    info.getColumn(1).width = 16;
    info.getColumn(2).width = 40;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
