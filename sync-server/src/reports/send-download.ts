import type { FastifyReply } from 'fastify';
import type { Table } from './table';
import { tableToCsv } from './to-csv';
import { tableToXlsx } from './to-xlsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Sends the table as an attachment. The file name is Chinese (filename*, RFC 6266/5987) with an ASCII
 * fallback for old clients; reports are never cached by proxies or the browser.
 */
export async function sendDownload(
  reply: FastifyReply,
  table: Table,
  format: 'xlsx' | 'csv',
  names: { ascii: string; chinese: string },
  notes: [string, string][] = [],
): Promise<FastifyReply> {
  const body = format === 'xlsx' ? await tableToXlsx(table, notes) : tableToCsv(table);
  const ascii = `${names.ascii.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}`;
  const chinese = encodeURIComponent(`${names.chinese}.${format}`);
  return reply
    .header('content-type', format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${chinese}`)
    .header('cache-control', 'no-store')
    .send(body);
}
