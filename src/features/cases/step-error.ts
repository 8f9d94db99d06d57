import type { TFunction } from 'i18next';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';

/**
 * Why a step was not recorded, in words: the rule's reason (K23) with its rule id, the issues of a step
 * invalid on its own, or the error table's message for anything else (storage full, locked).
 */
export function stepErrorText(t: TFunction, tCases: TFunction, e: unknown): string {
  const { code, details } = errorCodeOf(e);
  if (code === 'CASE_STEP_NOT_ALLOWED') {
    const { rule, reason } = (details ?? {}) as { rule?: string; reason?: string };
    const words = tCases(`work.reasons.${reason ?? 'other'}`, { defaultValue: tCases('work.reasons.other') });
    return tCases('work.refused', { reason: words, rule: rule ?? '?' });
  }
  if (code === 'CASE_STEP_INVALID' || code === 'VALIDATION_FAILED') {
    const issues = ((details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? []).map((i) => `${i.path}: ${i.message}`);
    return `${tCases('work.invalid')} ${issues.join('; ')}`;
  }
  return errorMessage(t, code, details);
}
