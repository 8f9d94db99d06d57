import { shelterSiteSchema, SITE_TYPES, type ShelterSite } from '../../shared/schema/shelter-site';
import { blank, compact, numberValue, optionalText, preparedResolver } from './prepared-resolver';

/** What the site form's controls hold: empty boxes as '' or undefined, the event as '' when none. */
export interface SiteFormValues {
  id: string;
  eventId: string;
  name: string;
  type: (typeof SITE_TYPES)[number];
  township: string;
  gps: { lat?: number; lng?: number };
  capacity?: number;
  floorArea?: number;
  waterPoints?: number;
  toilets?: number;
  medicalPoint: boolean;
  manager: string;
  managerPhone: string;
  openedOn: string;
  closedOn: string;
}

/** A new site opened today; capacity and floor area stay empty: the administrator must give them. */
export function newSiteValues(id: string, today: string, eventId = ''): SiteFormValues {
  return { id, eventId, name: '', type: 'school', township: '', gps: {}, waterPoints: 0, toilets: 0, medicalPoint: false, manager: '', managerPhone: '', openedOn: today, closedOn: '' };
}

export function siteValues(s: ShelterSite): SiteFormValues {
  return {
    ...s,
    eventId: s.eventId ?? '',
    gps: s.gps ?? {},
    manager: s.manager ?? '',
    managerPhone: s.managerPhone ?? '',
    closedOn: s.closedOn ?? '',
  };
}

/**
 * The site as the schema takes it. Nothing is computed here: occupancy comes from check-ins on the
 * tablets and space per person is shown on the shelter list, never stored (relocation-relief.md).
 */
export function prepareSite(v: SiteFormValues): Record<string, unknown> {
  const gps = v.gps ?? {};
  return compact({
    id: v.id,
    eventId: optionalText(v.eventId),
    name: typeof v.name === 'string' ? v.name.trim() : v.name,
    type: v.type,
    township: typeof v.township === 'string' ? v.township.trim() : v.township,
    gps: blank(gps.lat) && blank(gps.lng) ? undefined : { lat: numberValue(gps.lat), lng: numberValue(gps.lng) },
    capacity: numberValue(v.capacity),
    floorArea: numberValue(v.floorArea),
    waterPoints: numberValue(v.waterPoints),
    toilets: numberValue(v.toilets),
    medicalPoint: !!v.medicalPoint,
    manager: optionalText(v.manager),
    managerPhone: optionalText(v.managerPhone),
    openedOn: v.openedOn,
    closedOn: optionalText(v.closedOn),
  });
}

export const siteResolver = preparedResolver<SiteFormValues, ShelterSite>(shelterSiteSchema, prepareSite);
