import { z } from 'zod';
import { idSchema, isoDateTime, money } from './common';
import { PAYMENT_FORMS, reliefItemSchema } from './relief';

export const CORRECTION_ACTIONS = ['void', 'correct'] as const;
export type CorrectionAction = (typeof CORRECTION_ACTIONS)[number];

/**
 * What a `correct` puts in place of the original's item, quantity, unit, value and payment: the whole
 * set, so the corrected hand-out reads without the original's values (SPEC R4). Held to the same rules
 * as a hand-out (relief.ts): cash by hand or card, goods in kind, cash above zero.
 */
export const correctedValuesSchema = z
  .object({
    item: reliefItemSchema,
    quantity: z.number().positive('quantity.min').max(1e6),
    unit: z.string().trim().min(1, 'required').max(10),
    cashValue: money,
    payment: z.enum(PAYMENT_FORMS),
  })
  .superRefine((v, ctx) => {
    if (v.item.category === 'cash' && v.payment === 'in-kind') ctx.addIssue({ code: 'custom', message: 'payment.cashInKind', path: ['payment'] });
    if (v.item.category === 'goods' && v.payment !== 'in-kind') ctx.addIssue({ code: 'custom', message: 'payment.goodsNotInKind', path: ['payment'] });
    if (v.item.category === 'cash' && v.cashValue <= 0) ctx.addIssue({ code: 'custom', message: 'cashValue.min', path: ['cashValue'] });
  });
export type CorrectedValues = z.infer<typeof correctedValuesSchema>;

/**
 * A void or a correction of one relief hand-out (SPEC R1–R6): an append-only record of its own that
 * cites the original by `originalId`. The original is never edited or deleted; the ledger reads the
 * hand-out through its corrections (src/shared/rules/relief-ledger.ts). A void's id is derived from the
 * original's (voidRecordId), so two voids of one hand-out are one record id and the second is refused.
 */
export const reliefCorrectionSchema = z
  .object({
    id: idSchema,
    originalId: idSchema,
    action: z.enum(CORRECTION_ACTIONS),
    /** Why: required, shown to the county beside the hand-out. */
    reason: z.string().trim().min(1, 'required').max(500),
    at: isoDateTime,
    /** Who made it, for display (the server keeps the account in createdBy and the audit log). */
    by: z.string().trim().min(1, 'required').max(50),
    /** For `correct` only: the values in place of the original's. */
    corrected: correctedValuesSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.action === 'correct' && !v.corrected) ctx.addIssue({ code: 'custom', message: 'required', path: ['corrected'] });
    if (v.action === 'void' && v.corrected) ctx.addIssue({ code: 'custom', message: 'correction.voidHasValues', path: ['corrected'] });
  });

export type ReliefCorrection = z.infer<typeof reliefCorrectionSchema>;
export type ReliefCorrectionInput = z.input<typeof reliefCorrectionSchema>;

export const RELIEF_CORRECTION_FORM_VERSION = 1;
export const RELIEF_CORRECTION_ENTITY = 'relief-correction' as const;

/** The issue message of a void or correction refused because the hand-out was voided first (SPEC R3). */
export const ALREADY_VOIDED = 'correction.alreadyVoided';

/** SHA-256 of a UTF-8 text as lowercase hex: WebCrypto on the tablet, node:crypto on the server (shared has no platform). */
export type Sha256Hex = (text: string) => Promise<string>;

/**
 * The record id of the void of `originalId` (SPEC R3): the same on every tablet and on the server, so a
 * second void of one hand-out is the same record id and is refused rather than counted. The hash keeps
 * the id within the record-id bounds whatever the original's id looks like.
 */
export async function voidRecordId(originalId: string, sha256Hex: Sha256Hex): Promise<string> {
  return 'rv-' + (await sha256Hex(`relief-void\u0000${originalId}`)).slice(0, 40);
}
