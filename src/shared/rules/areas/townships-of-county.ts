import { finalSuccessor, indexByCode, type DivisionLink } from './successor-chain';

/**
 * Every township code (active or retired) that belongs to a county today, from the registry alone
 * (never from accounts: issue 10 finding 2). A township belongs to the county of the township that
 * finally succeeded it, so a township merged into a neighbour of another county moves with it; a county
 * that was itself retired counts with its successor (a provisional county and its official code are
 * one county). Records keep the code they were written under; this is how they are found again.
 */
export function townshipsOfCounty(divisions: readonly DivisionLink[], countyCode: string): string[] {
  const byCode = indexByCode(divisions);
  const target = finalSuccessor(byCode, countyCode);
  const out: string[] = [];
  for (const d of divisions) {
    if (d.level !== 'township') continue;
    const last = byCode.get(finalSuccessor(byCode, d.code));
    const owner = last?.level === 'township' ? last.parentCode : d.parentCode;
    if (owner !== null && finalSuccessor(byCode, owner) === target) out.push(d.code);
  }
  return out.sort();
}

/**
 * The township codes that are one area with `code` today: those whose chain ends where its chain ends
 * (a provisional code and the official code that succeeded it; a township and those merged into it).
 */
export function townshipsEquivalentTo(divisions: readonly DivisionLink[], code: string): string[] {
  const byCode = indexByCode(divisions);
  const target = finalSuccessor(byCode, code);
  const out = new Set([code]);
  for (const d of divisions) if (d.level === 'township' && finalSuccessor(byCode, d.code) === target) out.add(d.code);
  return [...out].sort();
}
