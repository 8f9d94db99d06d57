import type { CaseListItem } from '../../db/contracts';
import { paths } from '../../app/useHashRoute';
import { DeadlineText } from './DeadlineText';
import { useCasesText } from './useCasesText';

/** The cases as a table (cards below 900 px, app.css `.records`): one row per case, its household as the row header. */
export function CaseTable({ items, label }: { items: CaseListItem[]; label: string }) {
  const { t } = useCasesText();
  return (
    <table className="records case-list" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t('col.household')}</th>
          <th scope="col">{t('col.programme')}</th>
          <th scope="col">{t('col.step')}</th>
          <th scope="col">{t('col.deadline')}</th>
          <th scope="col">{t('col.accepted')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => {
          const s = c.summary;
          return (
            <tr key={c.id}>
              <th scope="row" data-label={t('col.household')}>
                {/* The row header opens the case page (its history, the next steps). */}
                <a href={paths.case(c.id)}>{c.householdName ?? <span className="muted">{t('unknownHousehold')}</span>}</a>
              </th>
              <td data-label={t('col.programme')}>{t(`programme.${c.programme}`)}</td>
              <td data-label={t('col.step')}>
                {s.lastStep ? t(`step.${s.lastStep.kind}`) : t('accepted')}
                {s.openReturn && (
                  <div className="case-return" role="note">
                    <strong>{t('returned', { missing: s.openReturn.missing })}</strong>
                    {s.openReturn.comment && <div>{t('returnComment', { comment: s.openReturn.comment })}</div>}
                  </div>
                )}
                {s.staleStepIds.length > 0 && <div className="case-stale">{t('stale', { count: s.staleStepIds.length })}</div>}
              </td>
              <td data-label={t('col.deadline')}>
                <DeadlineText deadline={s.deadline} />
              </td>
              <td data-label={t('col.accepted')}>{c.acceptedOn}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
