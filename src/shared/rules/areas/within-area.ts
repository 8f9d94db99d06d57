import { parentCodeOf } from './division-code';
import { finalSuccessor, indexByCode, type DivisionLink } from './successor-chain';

/**
 * A test "is this code inside that area today?" for an area of any level (a county, a city, a
 * province: domain/areas.md "a city or province administrator sees the areas below their own", SPEC A9).
 * A code is inside when the area is the code itself or one of its ancestors, each step taken on the
 * division that finally succeeded it: a township merged into another county's township moves with it,
 * a provisional county and its official code are one county (as townships-of-county.ts does for counties).
 */
export function withinArea(divisions: readonly DivisionLink[], areaCode: string): (code: string) => boolean {
  const byCode = indexByCode(divisions);
  const target = finalSuccessor(byCode, areaCode);
  return (code) => {
    const seen = new Set<string>();
    let at: string | null = finalSuccessor(byCode, code);
    while (at !== null && !seen.has(at)) {
      if (at === target) return true;
      seen.add(at);
      const parent: string | null = byCode.get(at)?.parentCode ?? parentCodeOf(at);
      at = parent === null ? null : finalSuccessor(byCode, parent);
    }
    return false;
  };
}

/** Every township code (active or retired) inside `areaCode` today, sorted. */
export function townshipsWithin(divisions: readonly DivisionLink[], areaCode: string): string[] {
  const inside = withinArea(divisions, areaCode);
  return divisions.filter((d) => d.level === 'township' && inside(d.code)).map((d) => d.code).sort();
}
