/**
 * Calendar dates as `YYYY-MM-DD` strings and their arithmetic, independent of the machine's time zone:
 * a date is turned into a UTC day number and back. Nothing here reads the clock.
 */
const DAY_MS = 86_400_000;
/** China Standard Time is UTC+8 all year (no daylight saving since 1991). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function dateOfDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** [WD1] The calendar date in China (UTC+8) of an instant: 2024-12-31T17:00Z is 2025-01-01 there. */
export function chinaDate(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The month (`YYYY-MM`) `months` after the month of `date` (or of a `YYYY-MM` month). */
export function addMonths(monthOrDate: string, months: number): string {
  const y = Number(monthOrDate.slice(0, 4));
  const m = Number(monthOrDate.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}`;
}
