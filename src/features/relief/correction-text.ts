import type { TFunction } from 'i18next';

const REASONS: Record<string, string> = {
  'correction.alreadyVoided': 'correction.reasons.alreadyVoided',
  'correction.notRecorder': 'correction.reasons.notRecorder',
  'correction.originalUnknown': 'correction.reasons.originalUnknown',
  required: 'correction.reasonRequired',
};

/** The worker's words for a correction's refusal (SPEC R2, R3), on the tablet or from the server. */
export function correctionReason(t: TFunction, message: string): string {
  const key = REASONS[message];
  return key ? t(key) : message.startsWith('entitlement.') ? t(`validation.${message}`) : t('correction.reasons.other');
}
