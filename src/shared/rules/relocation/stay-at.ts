import type { DisplacedHousehold } from '../../schema/displaced-household';
import { instant } from './time';

/**
 * Where a household stood at a reporting time, derived from its check-in, transfers and check-out
 * (occupancy is never typed: relocation-relief.md).
 *
 * The rules (the county report and shelter occupancy both follow them):
 * - `placement`, `shelterSiteId` and `checkInAt` are the first placement; `transfers` move the household
 *   later, each to the centralised site `toSiteId` (from a site, or from a dispersed placement).
 * - A household counts from its check-in: `pending` while `at` is before it.
 * - It is `current` while check-in ≤ at < check-out, and `past` from its check-out on, whatever the
 *   destination (home, relatives, transitional housing): the check-out ends the emergency placement.
 * - `placement`/`siteId` are those in force at `at`, or at the check-out for a `past` household, i.e.
 *   its latest placement up to the reporting time. A transfer between sites changes the site, never
 *   the counts; a transfer from dispersed to a site moves the household to 集中安置.
 */
export interface StayAt {
  status: 'pending' | 'current' | 'past';
  placement: 'centralised' | 'dispersed';
  siteId: string | null;
}

export function stayAt(h: DisplacedHousehold, atMs: number): StayAt {
  const checkIn = instant(h.checkInAt);
  const checkOut = h.checkOut ? instant(h.checkOut.at) : Infinity;
  let placement = h.placement;
  let siteId = placement === 'centralised' ? (h.shelterSiteId ?? null) : null;
  const until = Math.min(atMs, checkOut);
  const moves = [...(h.transfers ?? [])].map((t) => ({ ms: instant(t.at), to: t.toSiteId })).sort((a, b) => a.ms - b.ms);
  for (const m of moves) {
    if (m.ms > until) break;
    placement = 'centralised';
    siteId = m.to;
  }
  const status = atMs < checkIn ? 'pending' : atMs < checkOut ? 'current' : 'past';
  return { status, placement, siteId };
}
