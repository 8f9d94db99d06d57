import { useEffect, useState } from 'react';
import type { UnlockedSession } from '../../db/contracts';
import { shelterOccupancy, type SiteOccupancy } from '../../shared/rules/relocation/shelter-occupancy';
import type { ShelterSite } from '../../shared/schema/shelter-site';

/**
 * Occupancy of each of the event's sites now, from this tablet's households (check-ins, transfers and
 * check-outs through the pure shelterOccupancy, never typed), recomputed when local data changes.
 */
export function useShelterOccupancy(session: UnlockedSession, sites: ShelterSite[], eventId: string | undefined, now: () => Date): { rows: SiteOccupancy[]; at: string } | null {
  const [value, setValue] = useState<{ rows: SiteOccupancy[]; at: string } | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => session.onChange(() => setVersion((v) => v + 1)), [session]);
  useEffect(() => {
    if (!eventId) return setValue({ rows: [], at: now().toISOString() });
    let live = true;
    const load = session.households.records ? session.households.records({ eventId }) : Promise.resolve([]);
    load.then(
      (households) => {
        if (!live) return;
        const at = now().toISOString();
        const used = new Set(households.flatMap((h) => [h.shelterSiteId, ...(h.transfers ?? []).map((m) => m.toSiteId)]));
        // The event's own sites, and sites tied to no event that its households use.
        const mine = sites.filter((s) => s.eventId === eventId || (!s.eventId && used.has(s.id)));
        setValue({ rows: mine.map((s) => shelterOccupancy(s, households, at)), at });
      },
      () => live && setValue({ rows: [], at: now().toISOString() }),
    );
    return () => {
      live = false;
    };
  }, [session, sites, eventId, version, now]);
  return value;
}
