import type { DisplacedHousehold } from '../../../src/shared/schema/displaced-household';
import { casualtiesByUnit, type InTownship } from '../../../src/shared/rules/relocation/county-report';
import { deduplicateHouseholds } from '../../../src/shared/rules/relocation/deduplicate-households';
import type { PersonKeyOf } from '../../../src/shared/rules/relocation/person-key';
import { instant } from '../../../src/shared/rules/relocation/time';

/**
 * What one de-duplicated household (unit) adds to the county report over a stretch of time
 * [validFrom, validTo): the same figures countyReport's addHousehold adds, so summing the spans that
 * hold at a reporting time gives the report's figures (issue 16, one source of truth).
 */
export interface CountedSpan {
  eventId: string;
  /** The head's person key (HMAC): the unit. */
  unitKey: string;
  /** UTC ISO-8601 with milliseconds, so text order is time order. */
  validFrom: string;
  validTo: string | null;
  /** The representative record (its figures count): the records behind a figure. */
  recordId: string;
  township: string;
  status: 'current' | 'past';
  evacuation: 'relocation' | 'evacuation';
  placement: 'centralised' | 'dispersed';
  siteId: string | null;
  people: number;
  needEmergency: number;
  needTransitional: number;
  damageLevel: DisplacedHousehold['damage']['level'];
  damageRooms: number;
  dead: number;
  missing: number;
  injured: number;
}

export const utc = (iso: string): string => new Date(instant(iso)).toISOString();

/** Every ID number a household names, head and members (dead and missing too: they link registrations). */
export function namedIds(h: DisplacedHousehold): string[] {
  return [h.head.idNumber, ...(h.members ?? []).flatMap((m) => (m.idNumber ? [m.idNumber] : []))];
}

/** Households linked by a shared person (as head or member), each group on its own: de-duplication never crosses groups. */
export function linkedGroups<H extends DisplacedHousehold>(households: readonly H[], keyOf: PersonKeyOf): H[][] {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  const keysOf = households.map((h) => namedIds(h).map(keyOf));
  for (const keys of keysOf) {
    for (const k of keys) if (!parent.has(k)) parent.set(k, k);
    for (const k of keys.slice(1)) {
      const a = find(keys[0]!);
      const b = find(k);
      if (a !== b) parent.set(b, a);
    }
  }
  const groups = new Map<string, H[]>();
  households.forEach((h, i) => {
    const root = find(keysOf[i]![0]!);
    const g = groups.get(root);
    if (g) g.push(h);
    else groups.set(root, [h]);
  });
  return [...groups.values()];
}

const sameFigures = (a: CountedSpan, b: CountedSpan) =>
  a.recordId === b.recordId && a.township === b.township && a.status === b.status && a.evacuation === b.evacuation && a.placement === b.placement &&
  a.siteId === b.siteId && a.people === b.people && a.needEmergency === b.needEmergency && a.needTransitional === b.needTransitional &&
  a.damageLevel === b.damageLevel && a.damageRooms === b.damageRooms && a.dead === b.dead && a.missing === b.missing && a.injured === b.injured;

/**
 * The spans of one event's households linked by shared people (linkedGroups): the de-duplication of
 * deduplicate-households.ts and the casualties of county-report.ts evaluated at every instant where any
 * of them can change (a check-in, a transfer, a check-out), since between two such instants nothing
 * does. Spans of a unit with equal figures one after the other are joined. A unit not yet checked in
 * adds nothing (countyReport skips it), so it has no span then.
 */
export function countedSpans(eventId: string, households: readonly InTownship<DisplacedHousehold>[], hmacOf: PersonKeyOf): CountedSpan[] {
  // The rules ask for each person's key many times per instant; the HMAC is the costly part.
  const memo = new Map<string, string>();
  const keyOf: PersonKeyOf = (id) => {
    let k = memo.get(id);
    if (k === undefined) memo.set(id, (k = hmacOf(id)));
    return k;
  };
  const mine = households.filter((h) => h.eventId === eventId);
  const times = [...new Set(mine.flatMap((h) => [h.checkInAt, ...(h.transfers ?? []).map((t) => t.at), ...(h.checkOut ? [h.checkOut.at] : [])]).map(utc))].sort();
  const open = new Map<string, CountedSpan>();
  const out: CountedSpan[] = [];
  times.forEach((at, i) => {
    const validTo = times[i + 1] ?? null;
    const units = deduplicateHouseholds(mine, at, keyOf);
    const casualties = casualtiesByUnit(units, keyOf);
    const seen = new Set<string>();
    for (const u of units) {
      if (u.stay.status === 'pending') continue;
      const h = u.representative;
      const c = casualties.get(u.key)!;
      const span: CountedSpan = {
        eventId, unitKey: u.key, validFrom: at, validTo, recordId: h.id, township: h.township, status: u.stay.status,
        evacuation: h.evacuationKind, placement: u.stay.placement, siteId: u.stay.siteId, people: u.people,
        needEmergency: h.needsEmergencySupport ? u.people : 0, needTransitional: h.needsTransitionalSupport ? u.people : 0,
        damageLevel: h.damage.level, damageRooms: h.damage.level === 'none' ? 0 : h.damage.rooms, dead: c.dead, missing: c.missing, injured: c.injured,
      };
      seen.add(u.key);
      const before = open.get(u.key);
      if (before && before.validTo === at && sameFigures(before, span)) {
        before.validTo = validTo;
        continue;
      }
      open.set(u.key, span);
      out.push(span);
    }
    for (const k of [...open.keys()]) if (!seen.has(k)) open.delete(k);
  });
  return out;
}
