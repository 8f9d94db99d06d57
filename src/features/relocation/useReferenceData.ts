import { useSessionQuery } from '../../app/useSessionQuery';
import type { UnlockedSession } from '../../db/contracts';
import type { DisasterEvent } from '../../shared/schema/disaster-event';
import type { ShelterSite } from '../../shared/schema/shelter-site';

export interface ReferenceData {
  events: DisasterEvent[];
  sites: ShelterSite[];
}

/** Events and shelter sites pulled from the server; they change only when a sync pulls new ones. */
export function useReferenceData(session: UnlockedSession): ReferenceData | null {
  return useSessionQuery<ReferenceData>(
    session,
    async () => {
      const [events, sites] = await Promise.all([session.reference.list<DisasterEvent>('event'), session.reference.list<ShelterSite>('site')]);
      return {
        // The item id is authoritative; fields may omit it.
        events: sortEvents(events.map((e) => ({ ...e.fields, id: e.id }))),
        sites: sites.map((s) => ({ ...s.fields, id: s.id })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
      };
    },
    [],
    { events: [], sites: [] },
  );
}

/** Active first, then the most recent start. */
export function sortEvents(events: DisasterEvent[]): DisasterEvent[] {
  return [...events].sort((a, b) => {
    if (a.status !== b.status) return a.status === 'active' ? -1 : 1;
    return b.startDate.localeCompare(a.startDate);
  });
}

/** The only, or the most recent, active event: what a new registration defaults to. */
export function defaultEventId(events: DisasterEvent[]): string | undefined {
  return sortEvents(events).find((e) => e.status === 'active')?.id;
}

/** Shelter sites a household of this event may be placed in: the event's own, or sites not tied to one; closed sites only if already chosen. */
export function sitesForEvent(sites: ShelterSite[], eventId: string | undefined, today: string, keepId?: string): ShelterSite[] {
  return sites.filter(
    (s) =>
      s.id === keepId ||
      ((!s.eventId || s.eventId === eventId) && !(s.closedOn && s.closedOn <= today)),
  );
}
