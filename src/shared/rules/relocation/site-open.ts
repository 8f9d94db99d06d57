import type { ShelterSite } from '../../schema/shelter-site';
import { chinaDate } from '../china-time';

/**
 * A centralised site is open at an instant when its China-time date is on or after `openedOn` and
 * before `closedOn` (the closing date is the first day it no longer houses anyone), or when people are
 * in it at that instant anyway: the dates are typed by hand, the check-ins say who is really there.
 */
export function siteOpenAt(site: ShelterSite, atMs: number, people: number): boolean {
  const day = chinaDate(atMs);
  const byDates = site.openedOn <= day && (site.closedOn === undefined || day < site.closedOn);
  return byDates || people > 0;
}
