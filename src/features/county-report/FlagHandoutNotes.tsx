import type { FlagView } from '../../db/contracts';
import { useReliefText } from '../../i18n/relief.texts';

/**
 * Under a double hand-out flag's record count: each of its hand-outs voided or corrected since, with what
 * now counts and who did it, why (SPEC R8), so the supervisor resolves the flag against the corrected ledger.
 */
export function FlagHandoutNotes({ handouts }: { handouts: NonNullable<FlagView['handouts']> }) {
  const { t } = useReliefText();
  return handouts.map((h) => (
    <div key={h.id} className="field-hint flag-handout">
      {h.counted
        ? t('flags.handoutCorrected', {
            record: h.id.slice(-6), by: h.by, reason: h.reason,
            item: t(`items.${h.counted.item.kind}`), quantity: h.counted.quantity, unit: h.counted.unit, value: h.counted.cashValue,
          })
        : t('flags.handoutVoided', { record: h.id.slice(-6), by: h.by, reason: h.reason })}
    </div>
  ));
}
