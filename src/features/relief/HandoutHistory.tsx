import { Fragment, useState } from 'react';
import { formatDateTime } from '../../shared/rules/china-time';
import { useFlash } from '../../app/flash';
import { useSession } from '../../app/session-context';
import type { ReliefListItem } from '../../db/contracts';
import { useReliefText } from '../../i18n/relief.texts';
import type { CorrectionAction } from '../../shared/schema/relief-correction';
import { RecordSyncState } from '../relocation/RecordSyncState';
import { HandoutCorrections } from './HandoutCorrections';
import { HandoutCorrectionForm } from './HandoutCorrectionForm';

/**
 * Hand-outs as a table: time, round, item, quantity, value, payment, who received, who issued, state.
 * A voided hand-out is struck through and a corrected one shows what counts now (SPEC R4); with
 * `actions`, each hand-out not yet void offers 作废 / 更正 (SPEC R1–R3): to a supervisor any hand-out of
 * the county; to a worker the hand-outs they issued (the officer the form fills in from the account), since
 * the server takes a worker's correction only of a hand-out their account recorded (R2). The tablet does not
 * hold who recorded a pulled record, so the officer's name stands for it; the server's check is the rule.
 */
export function HandoutHistory({ items, headNames, actions = false }: { items: ReliefListItem[]; headNames?: Map<string, string>; actions?: boolean }) {
  const { t } = useReliefText();
  const flash = useFlash();
  const { user } = useSession();
  const mayCorrect = (h: ReliefListItem) => h.ledger.state !== 'voided' && (user.role !== 'worker' || h.issuingOfficer === user.displayName);
  const [open, setOpen] = useState<{ id: string; action: CorrectionAction } | null>(null);
  const columns = 10 + (headNames ? 1 : 0) + (actions ? 1 : 0);
  return (
    <table className="records handouts">
      <thead>
        <tr>
          <th scope="col">{t('col.at')}</th>
          {headNames && <th scope="col">{t('col.household')}</th>}
          <th scope="col">{t('col.round')}</th>
          <th scope="col">{t('col.item')}</th>
          <th scope="col">{t('col.quantity')}</th>
          <th scope="col">{t('col.value')}</th>
          <th scope="col">{t('col.payment')}</th>
          <th scope="col">{t('col.receiver')}</th>
          <th scope="col">{t('col.officer')}</th>
          <th scope="col">{t('col.state')}</th>
          {actions && <th scope="col">{t('correction.column')}</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((h) => {
          const label = { at: formatDateTime(h.at), item: t(`items.${h.itemKind}`) };
          const now = h.ledger.corrected;
          return (
            <Fragment key={h.id}>
              <tr className={h.ledger.state === 'voided' ? 'handout-voided' : undefined}>
                <td data-label={t('col.at')} className="voidable">{formatDateTime(h.at)}</td>
                {headNames && <td data-label={t('col.household')}>{headNames.get(h.householdId) ?? ''}</td>}
                <td data-label={t('col.round')} className="voidable">{h.round}</td>
                <td data-label={t('col.item')} className="voidable">{t(`items.${h.itemKind}`)}</td>
                <td data-label={t('col.quantity')} className="voidable">
                  {now ? `${now.quantity} ${now.unit}` : `${h.quantity} ${h.unit}`}
                </td>
                <td data-label={t('col.value')} className="voidable">{now ? now.cashValue : h.cashValue}</td>
                <td data-label={t('col.payment')} className="voidable">{t(`payments.${h.payment}`)}</td>
                <td data-label={t('col.receiver')}>
                  {h.proxy ? t('receiver.proxy', { name: h.proxy.name, relation: h.proxy.relation }) : t('receiver.head')} · {t(`confirmations.${h.confirmation}`)}
                </td>
                <td data-label={t('col.officer')}>{h.issuingOfficer}</td>
                <td data-label={t('col.state')}>
                  <RecordSyncState item={h} />
                  <HandoutCorrections item={h} />
                </td>
                {actions && (
                  <td data-label={t('correction.column')} className="handout-actions">
                    {mayCorrect(h) && (
                      <>
                        <button type="button" aria-label={t('correction.voidLabel', label)} aria-expanded={open?.id === h.id && open.action === 'void'} onClick={() => setOpen({ id: h.id, action: 'void' })}>
                          {t('correction.void')}
                        </button>
                        <button type="button" aria-label={t('correction.correctLabel', label)} aria-expanded={open?.id === h.id && open.action === 'correct'} onClick={() => setOpen({ id: h.id, action: 'correct' })}>
                          {t('correction.correct')}
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
              {open?.id === h.id && (
                <tr className="handout-correction-row">
                  <td colSpan={columns}>
                    <HandoutCorrectionForm
                      key={open.action}
                      item={h}
                      action={open.action}
                      onDone={(message) => {
                        setOpen(null);
                        if (message) flash(message);
                      }}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
