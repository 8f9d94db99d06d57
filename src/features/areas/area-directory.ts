import { townshipsWithin } from '../../shared/rules/areas/within-area';
import type { Division, DivisionLevel } from '../../shared/schema/division';

/** What a page shows for an area code: its name, the code itself as secondary text, and whether it is retired. */
export interface AreaLabel {
  code: string;
  /** The registry's name; the code itself when the registry does not know it. */
  name: string;
  known: boolean;
  retired: boolean;
  provisional: boolean;
  /** The division that took over a retired one (its name), for "已停用，由…承继". */
  successorName: string | null;
  /** The parent's name (the county of a township), to tell apart areas of one name. */
  parentName: string | null;
}

export interface AreaDirectory {
  divisions: readonly Division[];
  label(code: string): AreaLabel;
  /** Divisions of these levels, active ones (and `keep`, even when retired), by parent then name. */
  choices(levels: readonly DivisionLevel[], keep?: readonly string[]): Division[];
}

const zh = (a: string, b: string) => a.localeCompare(b, 'zh-CN');

/**
 * Names for the codes the pages show and the choices the pickers offer, from GET /api/divisions
 * (issue 10: areas are keys, names are labels; names repeat, so the parent and the code go with them).
 */
export function areaDirectory(divisions: readonly Division[]): AreaDirectory {
  const byCode = new Map(divisions.map((d) => [d.code, d]));
  return {
    divisions,
    label(code) {
      const d = byCode.get(code);
      if (!d) return { code, name: code, known: false, retired: false, provisional: false, successorName: null, parentName: null };
      const successor = d.successorCode ? byCode.get(d.successorCode) : undefined;
      const parent = d.parentCode ? byCode.get(d.parentCode) : undefined;
      return {
        code, name: d.name, known: true, retired: d.status === 'retired', provisional: d.provisional,
        successorName: successor?.name ?? d.successorCode, parentName: parent?.name ?? null,
      };
    },
    choices(levels, keep = []) {
      const wanted = new Set(levels);
      const kept = new Set(keep);
      return divisions
        .filter((d) => wanted.has(d.level) && (d.status === 'active' || kept.has(d.code)))
        .sort((a, b) => zh(a.parentCode ?? '', b.parentCode ?? '') || zh(a.name, b.name) || zh(a.code, b.code));
    },
  };
}

/** The active townships inside an area (a county, or a city or province), for a new event's default list. */
export function activeTownshipsWithin(divisions: readonly Division[], areaCode: string): string[] {
  const active = new Set(divisions.filter((d) => d.status === 'active').map((d) => d.code));
  return townshipsWithin(divisions, areaCode).filter((c) => active.has(c));
}
