import { formatDateTime } from '../../shared/rules/china-time';
import type { ReliefListItem } from '../../db/contracts';
import { useReliefText } from '../../i18n/relief.texts';
import type { CorrectedValues } from '../../shared/schema/relief-correction';
import { correctionReason } from './correction-text';

/** 已作废 / 已更正 under a hand-out's sync state: who, when, why, what now counts, and any refusal (SPEC R3, R4). */
export function HandoutCorrections({ item }: { item: ReliefListItem }) {
  const { t } = useReliefText();
  if (item.ledger.corrections.length === 0) return null;
  const values = (v: Pick<CorrectedValues, 'quantity' | 'unit' | 'cashValue'>) => `${v.quantity} ${v.unit}，${v.cashValue} 元`;
  return (
    <div className="handout-corrections">
      {item.ledger.state !== 'valid' && (
        <strong className="tag-alert">{t(item.ledger.state === 'voided' ? 'correction.voided' : 'correction.corrected')}</strong>
      )}
      {item.ledger.state === 'corrected' && <p>{t('correction.original', { values: values(item) })}</p>}
      {item.ledger.corrections.map((c) => (
        <p key={c.id}>
          {c.action === 'void'
            ? t('correction.voidedBy', { by: c.by, at: formatDateTime(c.at), reason: c.reason })
            : t('correction.correctedBy', { by: c.by, at: formatDateTime(c.at), reason: c.reason, values: c.corrected ? values(c.corrected) : '' })}
          {c.settled && <span className="field-hint"> {t('correction.settled')}</span>}
          {c.syncState === 'rejected' && (
            <span className="tag-alert">
              {' '}
              {t('correction.refused', { reason: c.rejection?.issues?.[0] ? correctionReason(t, c.rejection.issues[0].message) : (c.rejection?.code ?? '') })}
            </span>
          )}
        </p>
      ))}
    </div>
  );
}
