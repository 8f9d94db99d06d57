import type { TFunction } from 'i18next';
import { validationMessage } from '../../i18n/validation-message';
import { blank } from './prepared-resolver';

interface FieldErrorLike {
  message?: unknown;
  type?: unknown;
}

/** The error of a field, or of its first item (a list field's items are checked one by one). */
export function firstError(e: unknown): FieldErrorLike | null {
  if (!e || typeof e !== 'object') return null;
  const own = e as FieldErrorLike;
  if (typeof own.message === 'string' || typeof own.type === 'string') return own;
  for (const v of Object.values(e)) {
    const found = firstError(v);
    if (found) return found;
  }
  return null;
}

/**
 * A field's error in words: this page's own message codes first ('entitlement.limitRequired'), then
 * "required" for an empty control (zod says too_small or invalid_type), "whole number" for a
 * fraction where an integer is due, else the app's general validation messages.
 */
export function fieldMessage(t: TFunction, error: FieldErrorLike, value: unknown): string {
  const message = typeof error.message === 'string' ? error.message : undefined;
  const type = typeof error.type === 'string' ? error.type : undefined;
  if (message && /^[A-Za-z][\w-]*(\.[\w-]+)*$/.test(message)) {
    const own = t(`referenceAdmin:validation.${message}`, { defaultValue: '' });
    if (own) return own;
  }
  if (blank(value)) return validationMessage(t, 'required');
  if (type === 'invalid_type' && typeof value === 'number') return t('referenceAdmin:validation.integer');
  return validationMessage(t, message, type);
}
