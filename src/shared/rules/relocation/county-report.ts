import type { DisasterEvent } from '../../schema/disaster-event';
import type { DisplacedHousehold } from '../../schema/displaced-household';
import type { ReliefDistribution } from '../../schema/relief';
import type { ShelterSite } from '../../schema/shelter-site';
import { deduplicateHouseholds, type HouseholdUnit } from './deduplicate-households';
import { emptyFigures } from './empty-figures';
import { decidePeople } from './person-decisions';
import { plainIdKey, type PersonKeyOf } from './person-key';
import { ReliefTally } from './relief-tally';
import type { CountyReport, ReportFigures } from './report-types';
import { peopleAtSite } from './shelter-occupancy';
import { siteOpenAt } from './site-open';
import { instant } from './time';

/** A record with the township it belongs to (on the server: the record's township, from the account). */
export type InTownship<T> = T & { township: string };

const CASUALTY_KINDS = ['dead', 'missing', 'injured'] as const;
type Casualties = Record<(typeof CASUALTY_KINDS)[number], number>;

/**
 * Casualties of each unit, each identified person once (issue 13 item 3): a member with an ID number
 * marked dead, missing or injured counts in the unit that decides for them (person-decisions.ts), by the
 * mark of that registration; people known only as a count (typed counts, members without an ID number)
 * count in their household. Typed counts and marks describe the same people: per household the larger
 * of the two, of which the identified marked members are the part counted by person.
 */
export function casualtiesByUnit(units: readonly HouseholdUnit[], keyOf: PersonKeyOf): Map<string, Casualties> {
  const out = new Map<string, Casualties>(units.map((u) => [u.key, { dead: 0, missing: 0, injured: 0 }]));
  for (const u of units) {
    const h = u.representative;
    const c = out.get(u.key)!;
    for (const kind of CASUALTY_KINDS) {
      const marked = (h.members ?? []).filter((m) => m.casualty === kind);
      const identified = marked.filter((m) => m.idNumber).length;
      c[kind] += Math.max(h.casualties?.[kind] ?? 0, marked.length) - identified;
    }
  }
  for (const [, d] of decidePeople(units, keyOf)) {
    if (d.casualty !== 'none') out.get(d.unit.key)![d.casualty] += 1;
  }
  return out;
}

/** Adds one de-duplicated household (its representative's figures, its de-duplicated people). */
function addHousehold(f: ReportFigures, u: HouseholdUnit, c: Casualties): void {
  const h = u.representative;
  if (u.stay.status === 'pending') return; // checked in after the reporting time: not yet known then
  if (h.evacuationKind === 'evacuation') {
    f.evacuated += u.people;
  } else {
    const bucket = f.relocated[u.stay.placement];
    f.relocated.cumulative += u.people;
    bucket.cumulative += u.people;
    if (u.stay.status === 'current') {
      f.relocated.current += u.people;
      bucket.current += u.people;
    }
  }
  if (h.needsEmergencySupport) f.needEmergencySupport += u.people;
  if (h.needsTransitionalSupport) f.needTransitionalSupport += u.people;
  if (h.damage.level !== 'none') {
    f.houses[h.damage.level].households += 1;
    f.houses[h.damage.level].rooms += h.damage.rooms;
  }
  f.casualties.dead += c.dead;
  f.casualties.missing += c.missing;
  f.casualties.injured += c.injured;
}

/**
 * The county's aggregate report of an event at a reporting time, by township and in total
 * (relocation-relief.md; counting rules in deduplicate-households.ts and stay-at.ts):
 * - a household counts from its check-in; its figures are those of its representative record;
 * - 紧急转移安置 cumulative: distinct people relocated by `at`, each in the bucket (集中/分散) of their
 *   latest placement up to `at`, so 紧急转移安置 = 集中 + 分散 and current ≤ cumulative in each;
 *   current: those not checked out at `at`;
 * - 紧急避险转移: people of evacuation-only households evacuated by `at`;
 * - needs, damaged houses (户 and 间) and casualties: of the households registered by `at`; casualties
 *   count each identified person once, by the registration that decides for them (casualtiesByUnit);
 * - relief: hand-outs made by `at`, in the township of the household that received them;
 * - centralised sites open at `at` (site-open.ts): the event's sites and any site its households used.
 * Each person counts in exactly one township, so the townships add up to the total.
 */
export function countyReport(
  event: DisasterEvent,
  households: readonly InTownship<DisplacedHousehold>[],
  handouts: readonly InTownship<ReliefDistribution>[],
  sites: readonly ShelterSite[],
  at: string,
  keyOf: PersonKeyOf = plainIdKey,
  options: { townships?: readonly string[] } = {},
): CountyReport {
  const atMs = instant(at);
  const units = deduplicateHouseholds(households.filter((h) => h.eventId === event.id), at, keyOf);
  const rows = new Map<string, { f: ReportFigures; relief: ReliefTally }>();
  for (const t of event.townships) if (!options.townships || options.townships.includes(t)) rows.set(t, { f: emptyFigures(), relief: new ReliefTally() });
  const total = { f: emptyFigures(), relief: new ReliefTally() };
  const row = (t: string) => {
    let r = rows.get(t);
    if (!r) rows.set(t, (r = { f: emptyFigures(), relief: new ReliefTally() }));
    return r;
  };

  const casualties = casualtiesByUnit(units, keyOf);
  for (const u of units) {
    addHousehold(row(u.representative.township).f, u, casualties.get(u.key)!);
    addHousehold(total.f, u, casualties.get(u.key)!);
  }

  const used = new Set(units.flatMap((u) => u.records.flatMap((h) => [h.shelterSiteId, ...(h.transfers ?? []).map((t) => t.toSiteId)])));
  for (const site of sites) {
    if (site.eventId !== event.id && !(site.eventId === undefined && used.has(site.id))) continue;
    if (!siteOpenAt(site, atMs, peopleAtSite(units, site.id).people)) continue;
    row(site.township).f.centralisedSitesOpen += 1;
    total.f.centralisedSitesOpen += 1;
  }

  const unitOf = new Map(units.flatMap((u) => u.records.map((h) => [h.id, u] as const)));
  for (const h of handouts) {
    if (h.eventId !== event.id || instant(h.at) > atMs) continue;
    const u = unitOf.get(h.householdId);
    // A hand-out whose household record has not reached us yet still counts, in its own township.
    const key = u ? `unit:${u.key}` : `record:${h.householdId}`;
    row(u ? u.representative.township : h.township).relief.add(h, key);
    total.relief.add(h, key);
  }

  const ordered = [...rows.keys()].sort((a, b) => {
    const ia = event.townships.indexOf(a);
    const ib = event.townships.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return {
    eventId: event.id,
    eventName: event.name,
    at,
    townships: ordered.map((t) => {
      const r = rows.get(t)!;
      return { township: t, ...r.f, relief: r.relief.figures() };
    }),
    total: { ...total.f, relief: total.relief.figures() },
  };
}
