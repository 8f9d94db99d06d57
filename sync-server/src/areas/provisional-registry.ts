import type { Division } from '../../../src/shared/schema/division';
import { PROVISIONAL_PROVINCE } from '../../../src/shared/rules/areas/division-code';
import { normaliseDivisionName } from '../../../src/shared/rules/areas/normalise-division-name';

/** An account as release 1 stored it: free-text county and township names. */
export interface NamedAccount {
  id: string;
  township: string | null;
  county: string | null;
}

export interface ProvisionalRegistry {
  divisions: Division[];
  /** county name → provisional county code */
  counties: Map<string, string>;
  /** `county\u0000township` (normalised names) → provisional township code */
  townships: Map<string, string>;
}

/** The county of an account that named a township but no county: one provisional county holds them all. */
const UNNAMED_COUNTY = '未注明县';
const COUNTIES_PER_CITY = 99;
const TOWNSHIPS_PER_COUNTY = 999;

const pairKey = (county: string, township: string) => `${county}\u0000${township}`;

/**
 * The areas release 1 knew, as provisional divisions (issue 10, "needs the official code"): one county
 * per distinct county name of the accounts, one township per distinct (county, township) pair, with
 * codes in the provisional space (`L…`, division-code.ts) that no official code can take. Counties
 * are numbered in name order, 99 to a provisional city; townships in name order within their county.
 */
export function provisionalRegistry(accounts: readonly NamedAccount[], at: string): ProvisionalRegistry {
  const pairs = new Map<string, Set<string>>();
  for (const a of accounts) {
    const township = a.township ? normaliseDivisionName(a.township) : '';
    const county = a.county ? normaliseDivisionName(a.county) : township ? UNNAMED_COUNTY : '';
    if (!county) continue;
    if (!pairs.has(county)) pairs.set(county, new Set());
    if (township) pairs.get(county)!.add(township);
  }
  const row = (code: string, name: string, level: Division['level'], parentCode: string | null): Division => ({
    code, name, level, parentCode, status: 'active', successorCode: null, provisional: true, createdAt: at, updatedAt: at,
  });
  const divisions: Division[] = [];
  const counties = new Map<string, string>();
  const townships = new Map<string, string>();
  const countyNames = [...pairs.keys()].sort();
  if (countyNames.length) divisions.push(row(PROVISIONAL_PROVINCE, '待核定区划', 'province', null));
  countyNames.forEach((county, i) => {
    const cityCode = `L0${String(Math.floor(i / COUNTIES_PER_CITY) + 1).padStart(2, '0')}00000000`;
    if (i % COUNTIES_PER_CITY === 0) divisions.push(row(cityCode, `待核定市${Math.floor(i / COUNTIES_PER_CITY) + 1}`, 'city', PROVISIONAL_PROVINCE));
    const countyCode = `${cityCode.slice(0, 4)}${String((i % COUNTIES_PER_CITY) + 1).padStart(2, '0')}000000`;
    divisions.push(row(countyCode, county, 'county', cityCode));
    counties.set(county, countyCode);
    const names = [...pairs.get(county)!].sort();
    if (names.length > TOWNSHIPS_PER_COUNTY) throw new Error(`county ${county} has more than ${TOWNSHIPS_PER_COUNTY} townships`);
    names.forEach((township, j) => {
      const code = `${countyCode.slice(0, 6)}${String(j + 1).padStart(3, '0')}000`;
      divisions.push(row(code, township, 'township', countyCode));
      townships.set(pairKey(county, township), code);
    });
  });
  return { divisions, counties, townships };
}

/** The provisional (county, township) codes of an account. */
export function accountCodes(reg: ProvisionalRegistry, a: NamedAccount): { county: string | null; township: string | null } {
  const township = a.township ? normaliseDivisionName(a.township) : null;
  const county = a.county ? normaliseDivisionName(a.county) : township ? UNNAMED_COUNTY : null;
  return {
    county: county ? (reg.counties.get(county) ?? null) : null,
    township: county && township ? (reg.townships.get(pairKey(county, township)) ?? null) : null,
  };
}

export type Resolution = { code: string } | { candidates: string[] };

/**
 * The code of a township name written by an account (issue 10: a row gets the area of the account
 * that wrote it): that name in the account's county (a worker's own township is
 * one of them); else the one township of that name anywhere. Two or more, or none: not guessed.
 */
export function resolveTownshipName(reg: ProvisionalRegistry, writer: NamedAccount | undefined, written: string): Resolution {
  const name = normaliseDivisionName(written);
  const writerCounty = writer?.county ? normaliseDivisionName(writer.county) : writer?.township ? UNNAMED_COUNTY : null;
  if (writerCounty) {
    const inCounty = reg.townships.get(pairKey(writerCounty, name));
    if (inCounty) return { code: inCounty };
  }
  const candidates = [...reg.townships.entries()].filter(([k]) => k.endsWith(`\u0000${name}`)).map(([, code]) => code).sort();
  return candidates.length === 1 ? { code: candidates[0]! } : { candidates };
}
