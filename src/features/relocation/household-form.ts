import { zodResolver } from '@hookform/resolvers/zod';
import type { DefaultValues, FieldErrors, Resolver } from 'react-hook-form';
import {
  AGE_BANDS,
  displacedHouseholdSchema,
  type DisplacedHousehold,
  type DisplacedHouseholdInput,
} from '../../shared/schema/displaced-household';
import { specialNeedsOfHousehold } from '../../shared/rules/relocation/special-needs';
import { householdDatedIssues } from '../../shared/schema/dated-checks';

/** Members registered one by one, or counted by sex and age band (relocation-relief.md). */
export type MemberMode = 'list' | 'counts';

/** The schema's input, plus the form-only choice of how members are registered (never saved: zod strips it). */
export type HouseholdFormValues = DisplacedHouseholdInput & { memberMode?: MemberMode };

type Member = NonNullable<DisplacedHouseholdInput['members']>[number];

const SPECIAL_NEEDS_KEYS = ['aged60plus', 'under5', 'pregnantOrBreastfeeding', 'disability', 'regularMedicine', 'unaccompaniedChild', 'needsCare'] as const;
const NEEDS = ['food', 'clothing', 'medical', 'shelter'] as const;
const CASUALTIES = ['dead', 'missing', 'injured'] as const;

const blank = (v: unknown) => v === undefined || v === null || v === '' || (typeof v === 'number' && Number.isNaN(v));
const count = (v: unknown): number => (blank(v) ? 0 : Number(v));

/**
 * The form's values in the saved shape, before validation: empty optional inputs dropped, counts that
 * are all zero dropped, the member mode applied (one by one: the special-needs counts come from the
 * members; counted: no member list). Fields the form does not show (transfers, check-out) pass through.
 */
function prepareHousehold(values: HouseholdFormValues): DisplacedHouseholdInput {
  const { memberMode, ...v } = values;
  const out: Record<string, unknown> = { ...v };
  const mode: MemberMode = memberMode ?? (v.memberCounts && !v.members?.length ? 'counts' : 'list');
  const members = (v.members ?? []).map((m) => {
    const c: Record<string, unknown> = { ...m };
    for (const k of ['idNumber', 'casualty'] as const) if (blank(c[k])) delete c[k];
    for (const k of ['idOldFormat', 'pregnantOrBreastfeeding', 'disability', 'regularMedicine', 'unaccompaniedChild', 'needsCare'] as const) {
      if (!c[k]) delete c[k];
    }
    return c as Member;
  });

  if (mode === 'list' && members.length > 0) {
    out.members = members;
    // The head counts too, listed or not (shared rule: special-needs.ts).
    out.specialNeeds = specialNeedsOfHousehold({ head: v.head, checkInAt: v.checkInAt, members });
  } else {
    delete out.members;
  }
  if (mode === 'counts') {
    const bands = (sex: 'male' | 'female') => Object.fromEntries(AGE_BANDS.map((b) => [b, count(v.memberCounts?.[sex]?.[b])]));
    const counts = { male: bands('male'), female: bands('female') };
    const any = [...Object.values(counts.male), ...Object.values(counts.female)].some((n) => n > 0);
    if (any) out.memberCounts = counts;
    else delete out.memberCounts;
  } else {
    delete out.memberCounts;
  }
  if (!(mode === 'list' && members.length > 0)) {
    // Typed, except the ages the bands (counted mode) or the head's ID number already give.
    const typed = Object.fromEntries(SPECIAL_NEEDS_KEYS.map((k) => [k, count(v.specialNeeds?.[k])]));
    const bands = out.memberCounts as DisplacedHousehold['memberCounts'];
    Object.assign(typed, specialNeedsOfHousehold({ head: v.head, checkInAt: v.checkInAt, memberCounts: bands, specialNeeds: typed }));
    if (Object.values(typed).some((n) => n > 0)) out.specialNeeds = typed;
    else delete out.specialNeeds;
  }

  const casualties = Object.fromEntries(CASUALTIES.map((k) => [k, count(v.casualties?.[k])]));
  if (Object.values(casualties).some((n) => n > 0)) out.casualties = casualties;
  else delete out.casualties;

  // The four needs: all or none (a half-filled set is shown as missing states by the schema).
  const needs = v.needs as Record<string, { state?: string; note?: string } | undefined> | undefined;
  if (!needs || NEEDS.every((k) => blank(needs[k]?.state) && blank(needs[k]?.note))) delete out.needs;
  else {
    out.needs = Object.fromEntries(
      NEEDS.map((k) => {
        const n = needs[k] ?? {};
        return [k, { ...(blank(n.state) ? {} : { state: n.state }), ...(blank(n.note) ? {} : { note: n.note }) }];
      }),
    );
  }

  const origin = { ...(v.origin ?? {}) } as Record<string, unknown>;
  for (const k of ['township', 'group', 'gps'] as const) if (blank(origin[k])) delete origin[k];
  out.origin = origin;
  const damage = { ...(v.damage ?? {}) } as Record<string, unknown>;
  if (blank(damage.structure)) delete damage.structure;
  out.damage = damage;
  if (blank(out.notes)) delete out.notes;
  if (blank(out.dispersedKind)) delete out.dispersedKind;
  if (blank(out.shelterSiteId)) delete out.shelterSiteId;
  return out as DisplacedHouseholdInput;
}

const schemaResolver = zodResolver(displacedHouseholdSchema);

/**
 * zodResolver(displacedHouseholdSchema) on the prepared values, plus the shelter-site rule checked
 * early: zod runs an object's refinements only once every field parses, so without this the worker
 * would fix the form and only then learn the shelter site was missing.
 */
export const householdResolver: Resolver<HouseholdFormValues, unknown, DisplacedHousehold> = async (values, context, options) => {
  const prepared = prepareHousehold(values);
  const result = await schemaResolver(prepared, context, options as never);
  const needsSite = prepared.placement === 'centralised' && (prepared.evacuationKind ?? 'relocation') === 'relocation';
  if (needsSite && !prepared.shelterSiteId && Object.keys(result.errors).length > 0 && !result.errors.shelterSiteId) {
    const errors: FieldErrors<HouseholdFormValues> = {
      ...(result.errors as FieldErrors<HouseholdFormValues>),
      shelterSiteId: { type: 'custom', message: 'shelterSite.required' },
    };
    return { values: {}, errors };
  }
  return result as Awaited<ReturnType<Resolver<HouseholdFormValues, unknown, DisplacedHousehold>>>;
};

/**
 * householdResolver plus the checks that need today's date (an ID number born after `today`): the
 * schema has no clock, the form has the app's (dated-checks.ts).
 */
export function householdResolverOn(today: string): Resolver<HouseholdFormValues, unknown, DisplacedHousehold> {
  return async (values, context, options) => {
    const result = await householdResolver(values, context, options);
    const dated = householdDatedIssues(prepareHousehold(values) as unknown as Record<string, unknown>, today);
    if (dated.length === 0) return result;
    const errors: Record<string, unknown> = { ...result.errors };
    for (const issue of dated) {
      let at = errors;
      for (const key of issue.path.slice(0, -1)) at = (at[key] = { ...(at[key] as Record<string, unknown> | undefined) }) as Record<string, unknown>;
      at[String(issue.path.at(-1))] ??= { type: 'custom', message: issue.message };
    }
    return { values: {}, errors: errors as FieldErrors<HouseholdFormValues> };
  };
}

/**
 * A new registration: fresh device-made id (STYLE habit 5), check-in now (to the minute), the default
 * event, and — at a shelter desk — the shelter of the worker's last registration, already chosen.
 */
export function newHouseholdValues(
  id: string,
  now: Date,
  eventId: string | undefined,
  rememberedSiteId?: string,
): DefaultValues<HouseholdFormValues> {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  // Members count and damage level stay empty: the worker must choose them.
  return {
    id,
    eventId,
    head: { name: '', idNumber: '', phone: '' },
    householdType: 'ordinary',
    origin: { village: '', group: '' },
    damage: { rooms: 0 },
    evacuationKind: 'relocation',
    ...(rememberedSiteId ? { placement: 'centralised' as const, shelterSiteId: rememberedSiteId } : {}),
    checkInAt: minute.toISOString(),
    memberMode: 'list',
    members: [],
    needsEmergencySupport: false,
    needsTransitionalSupport: false,
  };
}

/** An existing record in the form: the member mode it was registered in. */
export function recordValues(h: DisplacedHousehold): DefaultValues<HouseholdFormValues> {
  const memberMode: MemberMode = h.memberCounts && !h.members?.length ? 'counts' : 'list';
  return { ...h, memberMode, members: h.members ?? [] } as DefaultValues<HouseholdFormValues>;
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
