import type { WorkCalendarYear } from '../../schema/work-calendar';
import { addDays, dayNumber, weekday, yearOf } from './calendar-dates';

/**
 * The working-day rule (RULES.md WD1–WD5), pure: the caller passes the calendar and "today"; nothing
 * here reads the clock. Dates are China dates (`chinaDate`, WD1).
 */
export interface WorkCalendar {
  /** The years the calendar holds, each with its holidays and adjusted working days (调休). */
  readonly years: ReadonlyMap<number, { holidays: ReadonlySet<string>; workdays: ReadonlySet<string> }>;
}

/**
 * [WD5] A date in a year the calendar does not hold: the answer is unknown, and is reported as such —
 * never computed as if every weekday of that year were a working day (a Spring Festival week would
 * silently count as five working days).
 */
export interface MissingYear {
  ok: false;
  missingYear: number;
}

export type WorkingDayResult<T> = ({ ok: true } & T) | MissingYear;

export function buildWorkCalendar(years: readonly Pick<WorkCalendarYear, 'year' | 'holidays' | 'workdays'>[]): WorkCalendar {
  const map = new Map<number, { holidays: Set<string>; workdays: Set<string> }>();
  for (const y of years) {
    map.set(y.year, { holidays: new Set(y.holidays.map((h) => h.date)), workdays: new Set(y.workdays.map((w) => w.date)) });
  }
  return { years: map };
}

/**
 * [WD2] Whether a date is a working day: an adjusted working day (调休) is one even on a weekend; a
 * public holiday is not, even on a weekday; otherwise Monday to Friday are, Saturday and Sunday are not.
 */
export function isWorkingDay(calendar: WorkCalendar, date: string): WorkingDayResult<{ working: boolean }> {
  const year = calendar.years.get(yearOf(date));
  if (!year) return { ok: false, missingYear: yearOf(date) };
  if (year.workdays.has(date)) return { ok: true, working: true };
  if (year.holidays.has(date)) return { ok: true, working: false };
  const w = weekday(date);
  return { ok: true, working: w !== 0 && w !== 6 };
}

/**
 * [WD3] The date of the n-th working day after `from` (`from` itself is not counted: "within 3 working
 * days of acceptance" on a Friday before a normal weekend ends on Wednesday). n = 0 gives `from`.
 */
export function addWorkingDays(calendar: WorkCalendar, from: string, n: number): WorkingDayResult<{ date: string }> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  let date = from;
  let left = n;
  while (left > 0) {
    date = addDays(date, 1);
    const day = isWorkingDay(calendar, date);
    if (!day.ok) return day;
    if (day.working) left -= 1;
  }
  return { ok: true, date };
}

/**
 * [WD4] Working days left from `today` until `due`: the working days after today up to and including
 * the due date (0 = due today or the due date is a rest day with no working day before it). Past the
 * due date the answer is negative: minus the working days after `due` up to and including today.
 */
export function workingDaysLeft(calendar: WorkCalendar, today: string, due: string): WorkingDayResult<{ days: number; overdue: boolean }> {
  const overdue = dayNumber(today) > dayNumber(due);
  const [from, to] = overdue ? [due, today] : [today, due];
  let count = 0;
  for (let d = addDays(from, 1); dayNumber(d) <= dayNumber(to); d = addDays(d, 1)) {
    const day = isWorkingDay(calendar, d);
    if (!day.ok) return day;
    if (day.working) count += 1;
  }
  // `|| 0`: never -0 (a due date passed over rest days only is still overdue, with 0 working days past it).
  return { ok: true, days: overdue ? -count || 0 : count, overdue };
}
