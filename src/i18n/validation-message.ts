import type { TFunction } from 'i18next';

/**
 * Translates a schema message code ('required', 'id.checkChar', 'shelterSite.required', ...) or, for
 * zod's own messages, the issue type (an empty number field is "invalid_type": required).
 */
export function validationMessage(t: TFunction, message: string | undefined, type?: string): string {
  if (message && /^[A-Za-z][\w-]*(\.[\w-]+)*$/.test(message)) {
    const key = `validation.${message}`;
    const found = t(key, { defaultValue: '' });
    if (found) return found;
  }
  switch (type) {
    case 'invalid_type':
      return t('validation.required');
    // A drop-down or radio group left unanswered (zod's enum issue): ask to choose, never "格式不正确".
    case 'invalid_value':
      return t('validation.choose');
    case 'too_small':
      return t('validation.tooSmall');
    case 'too_big':
      return t('validation.tooBig');
    default:
      return t('validation.invalid');
  }
}
