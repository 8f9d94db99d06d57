import { z } from 'zod';
import { chinaDate } from '../rules/china-time';
import { validateIdNumber } from '../rules/id-number';

/** Today as YYYY-MM-DD in China time, the zone every township works in. `now` comes from the caller's clock. */
export function todayInChina(now: Date): string {
  return chinaDate(now);
}

/**
 * An ID number field. The message of each issue is the rule's code (id.length, id.checkChar, ...),
 * which the UI translates. `oldFormat` lives beside it on the parent object, so the parent refines.
 * The number's form only: a schema has no clock, so a birth date after today is checked by the caller
 * with its own (schema/dated-checks.ts; the server's injected clock, the client's `now`).
 */
export const idNumberString = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((value, ctx) => {
    if (value.length === 15) return; // checked by the parent with its old-format flag
    const r = validateIdNumber(value, {});
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error });
  });

/** Used by parents that hold `{ idNumber, idOldFormat }`. */
export function refineOldFormat(value: { idNumber?: string | undefined; idOldFormat?: boolean | undefined }, ctx: z.RefinementCtx, path: (string | number)[]) {
  if (!value.idNumber || value.idNumber.length !== 15) return;
  const r = validateIdNumber(value.idNumber, { oldFormat: !!value.idOldFormat });
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.error, path });
}
