import type { DisplacedHousehold } from '../../schema/displaced-household';
import { SPHERE_MIN_M2_PER_PERSON, type ShelterSite } from '../../schema/shelter-site';
import { deduplicateHouseholds, type HouseholdUnit } from './deduplicate-households';
import { plainIdKey, type PersonKeyOf } from './person-key';
import { siteOpenAt } from './site-open';
import { instant } from './time';

export interface SiteOccupancy {
  siteId: string;
  name: string;
  township: string;
  at: string;
  open: boolean;
  /** People and households relocated at this site at `at`, de-duplicated as in the county report. */
  people: number;
  households: number;
  /**
   * People the site's household records name, minus those counted: a household registered twice, a
   * member counted in their own household elsewhere. The page says so (issue 13 item 4).
   */
  duplicatesRemoved: number;
  capacity: number;
  freeCapacity: number;
  overCapacity: boolean;
  floorArea: number;
  /** Floor area per person (m², 2 decimals); null when nobody is there. */
  m2PerPerson: number | null;
  sphereMinM2PerPerson: number;
  /** At least 3.5 m² of covered living space per person (true when empty). */
  meetsSphere: boolean;
  /** The most people the floor area holds at the Sphere minimum. */
  sphereMaxPeople: number;
}

/** People at the site: relocated units whose placement at `at` is this site (stay-at.ts rules). */
export function peopleAtSite(units: readonly HouseholdUnit[], siteId: string): { people: number; households: number; registered: number } {
  let people = 0;
  let households = 0;
  let registered = 0;
  for (const u of units) {
    if (u.representative.evacuationKind !== 'relocation' || u.stay.status !== 'current' || u.stay.siteId !== siteId) continue;
    people += u.people;
    households += 1;
    registered += u.registeredPeople;
  }
  return { people, households, registered };
}

/**
 * Occupancy of a shelter site at an instant, derived from check-ins, transfers and check-outs (never
 * typed). Pass every household of the event: a person also registered elsewhere is counted where the
 * county report counts them, so the sites' occupancies add up to the report's current 集中安置.
 */
export function shelterOccupancy(
  site: ShelterSite,
  households: readonly DisplacedHousehold[],
  at: string,
  keyOf: PersonKeyOf = plainIdKey,
): SiteOccupancy {
  const units = deduplicateHouseholds(households.filter((h) => !site.eventId || h.eventId === site.eventId), at, keyOf);
  const { people, households: count, registered } = peopleAtSite(units, site.id);
  const m2 = people > 0 ? Math.round((site.floorArea / people) * 100) / 100 : null;
  return {
    siteId: site.id,
    name: site.name,
    township: site.township,
    at,
    open: siteOpenAt(site, instant(at), people),
    people,
    households: count,
    duplicatesRemoved: Math.max(0, registered - people),
    capacity: site.capacity,
    freeCapacity: Math.max(0, site.capacity - people),
    overCapacity: people > site.capacity,
    floorArea: site.floorArea,
    m2PerPerson: m2,
    sphereMinM2PerPerson: SPHERE_MIN_M2_PER_PERSON,
    meetsSphere: people === 0 || site.floorArea / people >= SPHERE_MIN_M2_PER_PERSON,
    sphereMaxPeople: Math.floor(site.floorArea / SPHERE_MIN_M2_PER_PERSON),
  };
}
