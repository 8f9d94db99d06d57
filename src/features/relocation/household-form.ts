import { zodResolver } from '@hookform/resolvers/zod';
import type { DefaultValues, FieldErrors, Resolver } from 'react-hook-form';
import {
  displacedHouseholdSchema,
  type DisplacedHousehold,
  type DisplacedHouseholdInput,
} from '../../shared/schema/displaced-household';

export type HouseholdFormValues = DisplacedHouseholdInput;

const schemaResolver = zodResolver(displacedHouseholdSchema);

/**
 * zodResolver(displacedHouseholdSchema), plus the shelter-site rule checked early: zod runs an
 * object's refinements only once every field parses, so without this the worker would fix the form
 * and only then learn the shelter site was missing.
 */
export const householdResolver: Resolver<HouseholdFormValues, unknown, DisplacedHousehold> = async (values, context, options) => {
  const result = await schemaResolver(values, context, options);
  const needsSite = values.placement === 'centralised' && (values.evacuationKind ?? 'relocation') === 'relocation';
  if (needsSite && !values.shelterSiteId && Object.keys(result.errors).length > 0 && !result.errors.shelterSiteId) {
    const errors: FieldErrors<HouseholdFormValues> = {
      ...result.errors,
      shelterSiteId: { type: 'custom', message: 'shelterSite.required' },
    };
    return { values: {}, errors };
  }
  return result;
};

/** A new registration: fresh device-made id (STYLE habit 5), check-in now (to the minute), the default event. */
export function newHouseholdValues(id: string, now: Date, eventId: string | undefined): DefaultValues<HouseholdFormValues> {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  // Members count, damage level and placement stay empty: the worker must choose them.
  return {
    id,
    eventId,
    head: { name: '', idNumber: '', phone: '' },
    householdType: 'ordinary',
    origin: { village: '', group: '' },
    damage: { rooms: 0 },
    evacuationKind: 'relocation',
    checkInAt: minute.toISOString(),
  };
}

/** What is saved: fields that no longer apply to the chosen placement are dropped, empty optionals omitted. */
export function toSavedHousehold(v: DisplacedHousehold): DisplacedHousehold {
  const out: DisplacedHousehold = { ...v, head: { ...v.head }, origin: { ...v.origin } };
  if (out.placement === 'dispersed') delete out.shelterSiteId;
  else delete out.dispersedKind;
  if (!out.head.phone) delete out.head.phone;
  if (!out.origin.group) delete out.origin.group;
  return out;
}
