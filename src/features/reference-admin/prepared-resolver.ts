import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';

/**
 * zodResolver(schema) on the values in the saved shape: the form keeps what inputs hold (a textarea's
 * text, an empty box), `prepare` turns it into what the shared schema checks and the server stores.
 * Field names match the schema's paths, so each error lands on its control.
 */
export function preparedResolver<V extends FieldValues, O>(schema: z.ZodType<O>, prepare: (values: V) => unknown): Resolver<V, unknown, O> {
  const inner = zodResolver(schema as never) as unknown as Resolver<FieldValues, unknown, O>;
  return (values, context, options) => inner(prepare(values) as FieldValues, context, options as never) as ReturnType<Resolver<V, unknown, O>>;
}

/** '' and NaN (an empty number box) are "not given". */
export const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (typeof v === 'number' && Number.isNaN(v));

/** A trimmed text, or undefined when empty (optional schema fields must be absent, not ''). */
export const optionalText = (v: unknown): string | undefined => (blank(v) ? undefined : String(v).trim());

/** Number inputs: an empty box is "not given" (undefined), never NaN or 0. */
export const numberValue = (v: unknown): number | undefined => (blank(v) ? undefined : Number(v));

/** The object without its undefined keys (what JSON would drop anyway; keeps test expectations exact). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A free-text list ("清河镇，柳林乡" or one per line) as its items, trimmed, blanks and repeats dropped. */
export function splitList(text: unknown): string[] {
  if (Array.isArray(text)) return text.map(String);
  if (typeof text !== 'string') return [];
  return [...new Set(text.split(/[\n,，、;；]+/).map((s) => s.trim()).filter(Boolean))];
}

export const joinList = (items: readonly string[] | undefined): string => (items ?? []).join('\n');
