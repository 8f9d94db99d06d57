import { useSessionQuery } from '../../app/useSessionQuery';
import type { UnlockedSession } from '../../db/contracts';
import { shelterOccupancy, type SiteOccupancy } from '../../shared/rules/relocation/shelter-occupancy';
import type { ShelterSite } from '../../shared/schema/shelter-site';

/**
 * Occupancy of each of the event's sites now, from this tablet's households (check-ins, transfers and
 * check-outs through the pure shelterOccupancy, never typed), recomputed when local data changes.
 */
export function useShelterOccupancy(session: UnlockedSession, sites: ShelterSite[], eventId: string | undefined, now: () => Date): { rows: SiteOccupancy[]; at: string } | null {
  return useSessionQuery(
    session,
    async () => {
      const households = eventId && session.households.records ? await session.households.records({ eventId }) : [];
      const at = now().toISOString();
      const used = new Set(households.flatMap((h) => [h.shelterSiteId, ...(h.transfers ?? []).map((m) => m.toSiteId)]));
      // The event's own sites, and sites tied to no event that its households use.
      const mine = eventId ? sites.filter((s) => s.eventId === eventId || (!s.eventId && used.has(s.id))) : [];
      return { rows: mine.map((s) => shelterOccupancy(s, households, at)), at };
    },
    [sites, eventId, now],
    { rows: [], at: now().toISOString() },
  );
}
