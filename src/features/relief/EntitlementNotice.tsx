import { useId } from 'react';
import { useReliefText } from '../../i18n/relief.texts';
import type { EntitlementCheck } from '../../shared/rules/relocation/check-entitlement';

/**
 * What the county allows this household of the chosen item in this round, what it already received on
 * this tablet, and the verdict: refused beyond the entitlement (no way round it on the tablet), or a
 * repeat in the round that the worker confirms explicitly.
 */
export function EntitlementNotice({
  check,
  unit,
  confirmed,
  onConfirm,
}: {
  check: EntitlementCheck | null;
  unit: string;
  confirmed: boolean;
  onConfirm: (v: boolean) => void;
}) {
  const { t } = useReliefText();
  const id = useId();
  if (!check) return null;
  const { entitlement, figures } = check;
  const limitUnit = entitlement?.unit ?? unit;
  // Cash is counted in 元: its quantity is its value, said once ("共 500 元", not "共 500 元、500 元").
  const cash = limitUnit === '元';
  const limits = [
    figures.maxQuantity !== undefined && !cash ? t('entitlement.quantity', { quantity: figures.maxQuantity, unit: limitUnit }) : null,
    figures.maxValue !== undefined ? t('entitlement.value', { value: figures.maxValue }) : null,
  ].filter(Boolean);
  return (
    <div className="entitlement" aria-live="polite">
      <p>{entitlement ? t('entitlement.limit', { limits: limits.join(t('entitlement.separator')) }) : t('entitlement.none')}</p>
      {figures.previousCount > 0 && (
        <p>
          {cash
            ? t('cashOnce.received', { count: figures.previousCount, value: figures.previousValue })
            : t('entitlement.received', { count: figures.previousCount, quantity: figures.previousQuantity, unit: limitUnit, value: figures.previousValue })}
        </p>
      )}
      {check.result === 'refuse' && (
        <p className="error" role="alert">
          {t('entitlement.refuse', {
            over: [
              check.over.quantity !== undefined && !(cash && check.over.value !== undefined) ? t('entitlement.quantity', { quantity: check.over.quantity, unit: limitUnit }) : null,
              check.over.value !== undefined ? t('entitlement.value', { value: check.over.value }) : null,
            ]
              .filter(Boolean)
              .join(t('entitlement.separator')),
          })}
        </p>
      )}
      {check.result === 'warn' && (
        <div className="warning" role="alert">
          <p>{t('entitlement.warn')}</p>
          <div className="field field-check">
            <input id={`${id}-confirm`} type="checkbox" checked={confirmed} onChange={(e) => onConfirm(e.target.checked)} />
            <label htmlFor={`${id}-confirm`}>{t('entitlement.confirmRepeat')}</label>
          </div>
        </div>
      )}
      <p className="field-hint">{t('entitlement.scope')}</p>
    </div>
  );
}
