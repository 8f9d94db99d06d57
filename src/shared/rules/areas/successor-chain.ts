import type { Division } from '../../schema/division';

export type DivisionLink = Pick<Division, 'code' | 'level' | 'parentCode' | 'status' | 'successorCode'>;

/**
 * The division that finally took over `code` (itself when not retired), following successor links.
 * A cycle (which the store refuses, but data can be imported) stops at the first repeat.
 */
export function finalSuccessor(byCode: ReadonlyMap<string, DivisionLink>, code: string): string {
  const seen = new Set<string>();
  let at = code;
  for (;;) {
    seen.add(at);
    const next = byCode.get(at)?.successorCode;
    if (!next || seen.has(next)) return at;
    at = next;
  }
}

export function indexByCode<T extends DivisionLink>(divisions: readonly T[]): Map<string, T> {
  return new Map(divisions.map((d) => [d.code, d]));
}
