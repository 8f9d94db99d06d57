import Papa from 'papaparse';
import { newDivisionSchema, type NewDivision } from '../../../src/shared/schema/division';
import { areaIssue } from './area-issue';

const CODE_HEADERS = ['code', '代码', '区划代码', '统计用区划代码'];

/**
 * A CSV of codes and names (code first, name second; a header row is recognised and skipped), as the
 * statistics bureau's lists are usually saved from a spreadsheet: UTF-8 with or without BOM. Every bad
 * line is reported (line numbers from 1, as a spreadsheet shows them); nothing is returned on any.
 */
export function parseDivisionCsv(text: string): NewDivision[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const rows = parsed.data;
  const first = rows[0]?.[0]?.trim().toLowerCase() ?? '';
  const start = CODE_HEADERS.includes(first) ? 1 : 0;
  const out: NewDivision[] = [];
  const issues: { path: string; message: string }[] = [];
  for (let i = start; i < rows.length; i++) {
    const [code, name] = rows[i]!;
    const r = newDivisionSchema.safeParse({ code: code?.trim(), name: name ?? '' });
    if (r.success) out.push(r.data);
    else issues.push(...r.error.issues.map((x) => ({ path: `${i + 1}.${x.path.join('.')}`, message: x.message })));
  }
  if (issues.length) throw areaIssue(issues[0]!.path, issues[0]!.message, { allIssues: issues.slice(0, 100) });
  if (!out.length) throw areaIssue('csv', 'division.csv.empty');
  return out;
}
