import { z } from 'zod';
import { idSchema, isoDateTime, money } from './common';

export const CASH_KINDS = ['emergency', 'transitional', 'winter-spring', 'condolence'] as const;
export const GOODS_KINDS = ['tent', 'quilt', 'clothing', 'grain', 'cooking-oil', 'water', 'heating', 'other'] as const;
/** Every item kind. Cash and goods kinds never share a name, so a kind alone names the item. */
export const RELIEF_ITEM_KINDS = [...CASH_KINDS, ...GOODS_KINDS] as const;
export const PAYMENT_FORMS = ['cash', 'card', 'in-kind'] as const;

export type CashKind = (typeof CASH_KINDS)[number];
export type GoodsKind = (typeof GOODS_KINDS)[number];
export type ReliefItemKind = (typeof RELIEF_ITEM_KINDS)[number];
export type PaymentForm = (typeof PAYMENT_FORMS)[number];

export function isCashKind(kind: string): kind is CashKind {
  return (CASH_KINDS as readonly string[]).includes(kind);
}

/** A relief round: the county numbers them (1, 2, ...) or names them ("2026冬春-1"). */
export const roundSchema = z.union([z.number().int().positive(), z.string().trim().min(1).max(30)]);
export type Round = z.infer<typeof roundSchema>;

/** Rounds compare as text, so round 1 typed on one tablet and "1" on another are the same round. */
export function roundKey(round: Round): string {
  return String(round).trim();
}

export const reliefItemSchema = z.discriminatedUnion('category', [
  z.object({ category: z.literal('cash'), kind: z.enum(CASH_KINDS) }),
  z.object({ category: z.literal('goods'), kind: z.enum(GOODS_KINDS), description: z.string().trim().max(100).optional() }),
]);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'sha256.invalid');

/**
 * One hand-out of the relief ledger (救灾款物发放台账, relocation-relief.md). Written on the tablet
 * at the moment of the hand-out; the confirmation photo (signature or thumbprint) is an attachment
 * uploaded after the record (SPEC T1), named here by its hash.
 */
export const reliefDistributionSchema = z
  .object({
    id: idSchema,
    eventId: idSchema,
    householdId: idSchema,
    at: isoDateTime,
    issuingOfficer: z.string().trim().min(1, 'required').max(50),
    deviceId: idSchema.optional(),
    batch: z.string().trim().max(50).optional(),
    round: roundSchema,
    item: reliefItemSchema,
    quantity: z.number().positive('quantity.min').max(1e6),
    unit: z.string().trim().min(1, 'required').max(10),
    /** Yuan. For cash the amount paid; for goods their converted value (折款). */
    cashValue: money,
    payment: z.enum(PAYMENT_FORMS),
    recipient: z.object({
      confirmation: z.enum(['signature', 'thumbprint']),
      attachmentSha256: sha256Hex,
      /** Set when someone other than the head received it. */
      proxy: z.object({ name: z.string().trim().min(1, 'required').max(50), relation: z.string().trim().min(1, 'required').max(20) }).optional(),
    }),
    notes: z.string().max(500).optional(),
  })
  .superRefine((v, ctx) => {
    // Cash goes by hand or onto the 一卡通 card; goods only in kind (自然灾害救助条例 Art. 24: for the stated purpose).
    if (v.item.category === 'cash' && v.payment === 'in-kind') {
      ctx.addIssue({ code: 'custom', message: 'payment.cashInKind', path: ['payment'] });
    }
    if (v.item.category === 'goods' && v.payment !== 'in-kind') {
      ctx.addIssue({ code: 'custom', message: 'payment.goodsNotInKind', path: ['payment'] });
    }
    if (v.item.category === 'cash' && v.cashValue <= 0) {
      ctx.addIssue({ code: 'custom', message: 'cashValue.min', path: ['cashValue'] });
    }
  });

export type ReliefDistribution = z.infer<typeof reliefDistributionSchema>;
export type ReliefDistributionInput = z.input<typeof reliefDistributionSchema>;

export const RELIEF_FORM_VERSION = 1;
