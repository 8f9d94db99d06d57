import { isoToLocalInput } from '../../shared/rules/china-time';
import type { DisasterEvent } from '../../shared/schema/disaster-event';
import type { Entitlement } from '../../shared/schema/entitlement';
import type { PolicyRecord } from '../../shared/schema/policy';
import type { ShelterSite } from '../../shared/schema/shelter-site';
import { entitlementValues, newEntitlementValues } from './entitlement-form';
import { eventValues, newEventValues } from './event-form';
import { newPolicyValues, nextVersionValues, policyValues } from './policy-form';
import type { AdminReferenceRecord, ReferenceKind } from './reference-api';
import type { Editing } from './ReferenceEditor';
import { newSiteValues, siteValues } from './site-form';

/** Today in China time (YYYY-MM-DD), whatever the computer's own time zone. */
export const chinaToday = (now: Date): string => isoToLocalInput(now.toISOString()).slice(0, 10);

/** The newest active event, which a new entitlement most likely belongs to. */
function latestActive(events: readonly DisasterEvent[]): string {
  return [...events].filter((e) => e.status === 'active').sort((a, b) => b.startDate.localeCompare(a.startDate))[0]?.id ?? '';
}

export interface StartContext {
  id: string;
  today: string;
  events: readonly DisasterEvent[];
  /** The administrator's county townships (for a new event) and own township (for a new policy). */
  townships: readonly string[];
  ownTownship: string | null;
}

/** The form for a new record of a kind, with its friendly defaults. */
export function creating(kind: ReferenceKind, c: StartContext): Editing {
  switch (kind) {
    case 'event':
      return { kind, mode: 'create', values: newEventValues(c.id, c.today, c.townships) };
    case 'site':
      return { kind, mode: 'create', values: newSiteValues(c.id, c.today) };
    case 'entitlement':
      return { kind, mode: 'create', values: newEntitlementValues(c.id, latestActive(c.events)) };
    case 'policy':
      return { kind, mode: 'create', values: newPolicyValues(c.id, c.ownTownship ?? '') };
  }
}

/** The form for a stored record, filled with its fields. */
export function editing(kind: ReferenceKind, r: AdminReferenceRecord): Editing {
  switch (kind) {
    case 'event':
      return { kind, mode: 'update', values: eventValues(r.fields as DisasterEvent) };
    case 'site':
      return { kind, mode: 'update', values: siteValues(r.fields as ShelterSite) };
    case 'entitlement':
      return { kind, mode: 'update', values: entitlementValues(r.fields as Entitlement) };
    case 'policy':
      return { kind, mode: 'update', values: policyValues(r.fields as PolicyRecord) };
  }
}

/** A new policy record one version above a stored one (POST; the old record stays). */
export function newVersion(r: AdminReferenceRecord, id: string): Editing {
  return { kind: 'policy', mode: 'create', newVersion: true, values: nextVersionValues(r.fields as PolicyRecord, id) };
}
