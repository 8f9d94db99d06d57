import { z } from 'zod';
import { chinaDate } from '../rules/china-time';
import { validateIdNumber } from '../rules/id-number';

/**
 * An ID number field. The message of each issue is the rule's code (id.length, id.checkChar, ...),
 * which the UI translates. `oldFormat` lives beside it on the parent object, so the parent refines.
 */
export const idNumberString = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((value, ctx) => {
    if (value.length === 15) return; // checked by the parent with its old-format flag
    const r = validateIdNumber(value, { today: chinaDate(new Date()) });
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
  });

/** Used by parents that hold `{ idNumber, idOldFormat }`. */
export function refineOldFormat(value: { idNumber?: string | undefined; idOldFormat?: boolean | undefined }, ctx: z.RefinementCtx, path: (string | number)[]) {
  if (!value.idNumber || value.idNumber.length !== 15) return;
  const r = validateIdNumber(value.idNumber, { today: chinaDate(new Date()), oldFormat: !!value.idOldFormat });
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error, path });
}
