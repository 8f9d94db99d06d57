/** One line of the results table. `met` is null for figures without a target. */
export interface Row {
  section: string;
  measure: string;
  tidemark: string;
  /** The peer (PouchDB), the raw database, or the bare Dexie put: whatever the figure is compared with. */
  other: string;
  ratio: string;
  target: string;
  met: boolean | null;
}

const MARK = (met: boolean | null) => (met === null ? '' : met ? '✅ met' : '❌ missed');
const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A markdown table, one header row per section. */
export function formatTable(rows: Row[]): string {
  const out = ['| Measure | Tidemark | Compared with | Ratio | Target | |', '|---|---:|---:|---:|---|---|'];
  let section: string | null = null;
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      out.push(`| **${cell(section)}** | | | | | |`);
    }
    out.push(`| ${cell(r.measure)} | ${cell(r.tidemark)} | ${cell(r.other)} | ${cell(r.ratio)} | ${cell(r.target)} | ${MARK(r.met)} |`);
  }
  return out.join('\n');
}

export function summarise(rows: Row[]): { met: number; missed: number } {
  return { met: rows.filter((r) => r.met === true).length, missed: rows.filter((r) => r.met === false).length };
}
