import { z } from 'zod';
import { idSchema, money, townshipCode } from './common';
import { RELIEF_ITEM_KINDS, roundSchema } from './relief';

/**
 * What one household may receive of one item in one round of an event (relocation-relief.md): set by
 * the county on the server and pulled by tablets as reference data, so the tablet can catch a hand-out
 * beyond it while the worker still stands in front of the household.
 */
export const entitlementSchema = z
  .object({
    id: idSchema,
    eventId: idSchema,
    round: roundSchema,
    itemKind: z.enum(RELIEF_ITEM_KINDS),
    /** In the unit the hand-outs use (e.g. 床 for quilts). */
    maxQuantity: z.number().positive().max(1e6).optional(),
    unit: z.string().trim().min(1).max(10).optional(),
    /** Yuan: cash paid, or the converted value of goods. */
    maxValue: money.optional(),
    /** A second hand-out of this item to the same household in this round is a repeat to confirm. */
    oncePerRound: z.boolean().default(true),
    /** null: county-wide. A township's own entitlement takes precedence over the county-wide one. */
    township: townshipCode.nullable(),
    note: z.string().max(200).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.maxQuantity === undefined && v.maxValue === undefined) {
      ctx.addIssue({ code: 'custom', message: 'entitlement.limitRequired', path: ['maxQuantity'] });
    }
  });

export type Entitlement = z.infer<typeof entitlementSchema>;
export type EntitlementInput = z.input<typeof entitlementSchema>;
