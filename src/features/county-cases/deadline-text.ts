import type { TFunction } from 'i18next';
import type { CountyCaseRow } from '../../shared/protocol/county-cases';

/** A case's deadline in words, and whether it is overdue (shown in red and in words, never colour alone). */
export function deadlineText(t: TFunction<'countyCases'>, d: CountyCaseRow['deadline']): { text: string; overdue: boolean } {
  if (d.kind === 'calendar-missing') return { text: t('calendarMissing', { year: d.year }), overdue: false };
  if (d.kind === 'none') return { text: t('noDeadline'), overdue: false };
  if (d.kind === 'review') return { text: d.overdue ? t('reviewOverdue', { month: d.dueMonth }) : t('reviewMonth', { month: d.dueMonth }), overdue: d.overdue };
  return { text: `${d.overdue ? t('overdueDays', { count: -d.daysLeft }) : t('daysLeft', { count: d.daysLeft })}（${d.due}）`, overdue: d.overdue };
}
