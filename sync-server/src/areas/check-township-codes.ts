import type { Store } from '../store/store';
import { areaIssue } from './area-issue';

/**
 * Every code names an active township of the registry (issue 10: events list township codes, a site,
 * policy or entitlement belongs to one). A name, an unknown or a retired code is VALIDATION_FAILED.
 */
export async function checkTownshipCodes(store: Store, codes: readonly { path: string; code: string }[]): Promise<void> {
  if (!codes.length) return;
  const byCode = new Map((await store.listDivisions()).map((d) => [d.code, d]));
  for (const { path, code } of codes) {
    const d = byCode.get(code);
    if (!d) throw areaIssue(path, 'area.unknownCode', { code });
    if (d.level !== 'township') throw areaIssue(path, 'area.notATownship', { code });
    if (d.status !== 'active') throw areaIssue(path, 'area.retired', { code, successorCode: d.successorCode });
  }
}
