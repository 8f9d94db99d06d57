import type { Role } from '../../../src/shared/protocol/messages';
import type { Division } from '../../../src/shared/schema/division';
import type { Store } from '../store/store';
import { areaIssue } from './area-issue';

export interface AccountArea {
  township: string | null;
  county: string | null;
}

const active = (d: Division | null, ...levels: Division['level'][]) => d !== null && d.status === 'active' && levels.includes(d.level);

/**
 * The area fields of an account, checked against the division registry (issue 10: accounts bind to a
 * township code or a county code, never a name). A worker names an active township; its county is
 * that township's parent (given or not). A supervisor names an active county — or an active city or
 * province for a city or province supervisor, who reads everything below it (SPEC A9) — in `county`,
 * and no township. An administrator has neither. Throws VALIDATION_FAILED with issues ('area.*') otherwise.
 *
 * For every route and command that creates an account or changes its role or area.
 */
export async function validateAccountArea(store: Store, role: Role, area: { township?: string | null; county?: string | null }): Promise<AccountArea> {
  const township = area.township?.trim() || null;
  const county = area.county?.trim() || null;
  if (role === 'admin') {
    if (township || county) throw areaIssue(township ? 'township' : 'county', 'area.adminHasNone');
    return { township: null, county: null };
  }
  if (role === 'worker') {
    if (!township) throw areaIssue('township', 'required');
    const d = await store.getDivision(township);
    if (!active(d, 'township')) throw areaIssue('township', d ? 'area.notAnActiveTownship' : 'area.unknownCode', { code: township });
    if (county && county !== d!.parentCode) throw areaIssue('county', 'area.countyMismatch', { expected: d!.parentCode });
    return { township, county: d!.parentCode };
  }
  if (!county) throw areaIssue('county', 'required');
  if (township) throw areaIssue('township', 'area.supervisorHasNoTownship');
  const d = await store.getDivision(county);
  if (!active(d, 'county', 'city', 'province')) throw areaIssue('county', d ? 'area.notAnActiveCounty' : 'area.unknownCode', { code: county });
  return { township: null, county };
}
