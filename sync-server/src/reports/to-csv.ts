import Papa from 'papaparse';
import type { Table } from './table';

const BOM = '\uFEFF';

/** A cell a spreadsheet would run as a formula (=, +, -, @ first): prefixed with ' (CSV injection). */
function safeText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/**
 * CSV with a UTF-8 BOM, so Excel and WPS read the Chinese as UTF-8 instead of GBK. Every cell carries its
 * value as it is (issue 13 item 13): an ID number is 18 characters, never a tab and 18 characters, so a
 * county system importing the file reads the number. Keeping Excel from rounding an 18-digit number is
 * the XLSX export's job, where the column is typed text (to-xlsx.ts); the CSV is for systems.
 */
export function tableToCsv(table: Table): string {
  const data = table.rows.map((row) => row.map((v) => (typeof v === 'number' ? v : safeText(v))));
  return BOM + Papa.unparse({ fields: table.headers, data }, { newline: '\r\n' });
}
