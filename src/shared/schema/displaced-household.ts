import { z } from 'zod';
import { gpsSchema, idSchema, isoDateTime, nonNegInt, phoneSchema, townshipCode } from './common';
import { idNumberString, refineOldFormat } from './id-number-field';

export const HOUSEHOLD_TYPES = ['dibao', 'tekun', 'low-income', 'ordinary', 'other'] as const;
export const DAMAGE_LEVELS = ['collapsed', 'severe', 'ordinary', 'none'] as const;
export const STRUCTURES = ['brick-concrete', 'brick-wood', 'earth-wood', 'other'] as const;
export const AGE_BANDS = ['0-4', '5-17', '18-59', '60+'] as const;
export const NEED_STATES = ['met', 'partly', 'not-met'] as const;
export const CHECKOUT_DESTINATIONS = ['home', 'relatives', 'transitional-housing', 'other'] as const;

const needSchema = z.object({ state: z.enum(NEED_STATES), note: z.string().max(200).optional() });

const householdMemberSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1, 'required').max(50),
    idNumber: idNumberString.optional(),
    idOldFormat: z.boolean().optional(),
    sex: z.enum(['male', 'female']),
    ageBand: z.enum(AGE_BANDS),
    pregnantOrBreastfeeding: z.boolean().optional(),
    disability: z.boolean().optional(),
    regularMedicine: z.boolean().optional(),
    unaccompaniedChild: z.boolean().optional(),
    needsCare: z.boolean().optional(),
    casualty: z.enum(['injured', 'missing', 'dead']).optional(),
  })
  .superRefine((v, ctx) => refineOldFormat(v, ctx, ['idNumber']));

/** Counts by sex and age band, when members are not registered one by one. */
const memberCountsSchema = z.object({
  male: z.record(z.enum(AGE_BANDS), nonNegInt).optional(),
  female: z.record(z.enum(AGE_BANDS), nonNegInt).optional(),
});

const specialNeedsSchema = z.object({
  aged60plus: nonNegInt.default(0),
  under5: nonNegInt.default(0),
  pregnantOrBreastfeeding: nonNegInt.default(0),
  disability: nonNegInt.default(0),
  regularMedicine: nonNegInt.default(0),
  unaccompaniedChild: nonNegInt.default(0),
  needsCare: nonNegInt.default(0),
});

const transferSchema = z.object({
  at: isoDateTime,
  fromSiteId: idSchema.optional(),
  toSiteId: idSchema,
});

/**
 * A displaced household (one per household per event), relocation-relief.md.
 * The form version of the record travels beside it in the sync change, not inside it.
 */
export const displacedHouseholdSchema = z
  .object({
    id: idSchema,
    eventId: idSchema,
    head: z
      .object({
        name: z.string().trim().min(1, 'required').max(50),
        idNumber: idNumberString,
        idOldFormat: z.boolean().optional(),
        phone: phoneSchema.optional().or(z.literal('')),
      })
      .superRefine((v, ctx) => refineOldFormat(v, ctx, ['idNumber'])),
    householdType: z.enum(HOUSEHOLD_TYPES).default('ordinary'),
    membersCount: z.number().int().min(1, 'membersCount.min').max(50),
    members: z.array(householdMemberSchema).max(50).optional(),
    memberCounts: memberCountsSchema.optional(),
    origin: z.object({
      township: townshipCode.optional(),
      village: z.string().trim().min(1, 'required').max(100),
      group: z.string().max(50).optional(),
      gps: gpsSchema.optional(),
    }),
    damage: z.object({
      level: z.enum(DAMAGE_LEVELS),
      rooms: nonNegInt.default(0),
      structure: z.enum(STRUCTURES).optional(),
    }),
    evacuationKind: z.enum(['relocation', 'evacuation']).default('relocation'),
    placement: z.enum(['centralised', 'dispersed']),
    dispersedKind: z.enum(['relatives', 'renting', 'other']).optional(),
    shelterSiteId: idSchema.optional(),
    checkInAt: isoDateTime,
    transfers: z.array(transferSchema).optional(),
    checkOut: z.object({ at: isoDateTime, destination: z.enum(CHECKOUT_DESTINATIONS) }).optional(),
    specialNeeds: specialNeedsSchema.optional(),
    casualties: z.object({ dead: nonNegInt, missing: nonNegInt, injured: nonNegInt }).optional(),
    needs: z
      .object({ food: needSchema, clothing: needSchema, medical: needSchema, shelter: needSchema })
      .optional(),
    needsEmergencySupport: z.boolean().default(false),
    needsTransitionalSupport: z.boolean().default(false),
    notes: z.string().max(1000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.placement === 'centralised' && v.evacuationKind === 'relocation' && !v.shelterSiteId) {
      ctx.addIssue({ code: 'custom', message: 'shelterSite.required', path: ['shelterSiteId'] });
    }
    if (v.checkOut && v.checkOut.at < v.checkInAt) {
      ctx.addIssue({ code: 'custom', message: 'checkOut.beforeCheckIn', path: ['checkOut', 'at'] });
    }
  });

export type DisplacedHousehold = z.infer<typeof displacedHouseholdSchema>;
export type DisplacedHouseholdInput = z.input<typeof displacedHouseholdSchema>;

/** Fields that never leave the encrypted envelope on the tablet (privacy.md §2). */
export const HOUSEHOLD_FORM_VERSION = 1;
