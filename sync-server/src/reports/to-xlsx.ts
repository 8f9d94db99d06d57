import ExcelJS from 'exceljs';
import type { Table } from './table';

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
    for (const n of notes) info.addRow(n);
    info.getColumn(1).width = 16;
    info.getColumn(2).width = 40;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
