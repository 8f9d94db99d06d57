import Papa from 'papaparse';
import type { Table } from './table';

const BOM = '\uFEFF';

/** A cell a spreadsheet would run as a formula (=, +, -, @ first): prefixed with ' (CSV injection). */
function safeText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/**
 * CSV with a UTF-8 BOM, so Excel and WPS read the Chinese as UTF-8 instead of GBK. Text columns of digits
 * (ID numbers, phones) get a leading tab, the usual way to keep Excel from turning an 18-digit number
 * into 3.30106E+17 and losing its last digits; readers other than spreadsheets trim it.
 */
export function tableToCsv(table: Table): string {
  const text = new Set(table.textColumns ?? []);
  const data = table.rows.map((row) =>
    row.map((v, i) => (typeof v === 'number' ? v : text.has(i) && v !== '' ? `\t${v}` : safeText(v))),
  );
  return BOM + Papa.unparse({ fields: table.headers, data }, { newline: '\r\n' });
}
