import type { CaseSummary } from '../../shared/rules/case/case-summary';
import { useCasesText } from './useCasesText';

/**
 * The deadline of a case in words: "还剩 N 个工作日", "已超期 N 个工作日" (class `overdue`: red, and the
 * words say it too, not colour alone), or the calendar year it lacks (WD5: never a guessed count).
 */
export function DeadlineText({ deadline }: { deadline: CaseSummary['deadline'] }) {
  const { t } = useCasesText();
  if (deadline.kind === 'calendar-missing') return <span className="case-deadline calendar-missing">{t('calendarMissing', { year: deadline.year })}</span>;
  if (deadline.kind === 'none') return <span className="case-deadline">{t('noDeadline')}</span>;
  if (deadline.kind === 'review') {
    return (
      <span className={deadline.overdue ? 'case-deadline overdue' : 'case-deadline'}>
        {t(deadline.overdue ? 'reviewOverdue' : 'reviewMonth', { month: deadline.dueMonth })}
      </span>
    );
  }
  const working = deadline.unit === 'working-days';
  const count = Math.abs(deadline.daysLeft);
  const words = deadline.overdue ? t(working ? 'overdue' : 'overdueCalendar', { count }) : t(working ? 'daysLeft' : 'daysLeftCalendar', { count });
  return (
    <span className={deadline.overdue ? 'case-deadline overdue' : 'case-deadline'}>
      {words}
      <span className="case-due">{t('due', { kind: t(`deadlineKind.${deadline.kind}`), date: deadline.due })}</span>
    </span>
  );
}
