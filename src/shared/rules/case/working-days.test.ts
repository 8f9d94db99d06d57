import { describe, expect, it } from 'vitest';
import chineseDays from 'chinese-days/dist/chinese-days.json';
import { workCalendarYearSchema } from '../../schema/work-calendar';
import { chinaDate } from './calendar-dates';
import { calendarYearsFromPackage } from './calendar-from-package';
import { addWorkingDays, buildWorkCalendar, isWorkingDay, workingDaysLeft } from './working-days';

const years = calendarYearsFromPackage(chineseDays, 'test');
const calendar = buildWorkCalendar(years);
const only = (...ys: number[]) => buildWorkCalendar(years.filter((y) => ys.includes(y.year)));

describe('working days (RULES.md WD1–WD5)', () => {
  it('[WD1] dates are China dates (UTC+8, no daylight saving)', () => {
    expect(chinaDate('2024-12-31T15:59:59Z')).toBe('2024-12-31');
    expect(chinaDate('2024-12-31T16:00:00Z')).toBe('2025-01-01');
    // July: no summer time shift in China.
    expect(chinaDate('2025-07-01T16:00:00Z')).toBe('2025-07-02');
    expect(chinaDate('2025-07-02T08:30:00+08:00')).toBe('2025-07-02');
  });

  it('[WD2] every seeded year is a valid calendar record', () => {
    expect(years.length).toBeGreaterThan(10);
    for (const y of years) expect(workCalendarYearSchema.safeParse(y).success, String(y.year)).toBe(true);
  });

  it('[WD2] National Day 2025: the holiday week is not working, the adjusted Sunday 28 Sep and Saturday 11 Oct are', () => {
    const day = (d: string) => {
      const r = isWorkingDay(calendar, d);
      if (!r.ok) throw new Error(`missing ${r.missingYear}`);
      return r.working;
    };
    expect(day('2025-09-26')).toBe(true); // Friday
    expect(day('2025-09-27')).toBe(false); // Saturday
    expect(day('2025-09-28')).toBe(true); // Sunday, 调休 working day
    for (const d of ['2025-10-01', '2025-10-03', '2025-10-06', '2025-10-08']) expect(day(d)).toBe(false);
    expect(day('2025-10-09')).toBe(true); // Thursday
    expect(day('2025-10-11')).toBe(true); // Saturday, 调休 working day
    expect(day('2025-10-12')).toBe(false); // Sunday
  });

  it('[WD3] 3 working days from Tuesday 30 Sep 2025 cross the holiday week and end on the adjusted Saturday', () => {
    // The holiday week 1–8 Oct, Thu 9 Oct (1), Fri 10 Oct (2), Sat 11 Oct, an adjusted working day (3).
    expect(addWorkingDays(calendar, '2025-09-30', 3)).toEqual({ ok: true, date: '2025-10-11' });
    // From Friday 26 Sep the adjusted Sunday 28 Sep is the first working day.
    expect(addWorkingDays(calendar, '2025-09-26', 1)).toEqual({ ok: true, date: '2025-09-28' });
    expect(addWorkingDays(calendar, '2025-09-26', 0)).toEqual({ ok: true, date: '2025-09-26' });
  });

  it('[WD3] Spring Festival 2024: an adjusted Sunday before, the holiday, an adjusted Saturday after', () => {
    // 2024: Sun 4 Feb working, 10–17 Feb holiday, Sun 18 Feb working.
    expect(addWorkingDays(calendar, '2024-02-02', 1)).toEqual({ ok: true, date: '2024-02-04' });
    expect(addWorkingDays(calendar, '2024-02-09', 1)).toEqual({ ok: true, date: '2024-02-18' });
  });

  it('[WD3] a 30-working-day deadline crosses the year boundary over New Year’s Day', () => {
    // Accepted Mon 1 Dec 2025: 22 working days after it in December; 1–3 Jan 2026 are the New Year
    // holiday (Fri 2 Jan in lieu), Sun 4 Jan an adjusted working day (23), 5–9 Jan (28), 12 Jan (29), 13 Jan (30).
    const due = addWorkingDays(calendar, '2025-12-01', 30);
    expect(due).toEqual({ ok: true, date: '2026-01-13' });
    expect(workingDaysLeft(calendar, '2025-12-01', '2026-01-13')).toEqual({ ok: true, days: 30, overdue: false });
    // Counted as plain weekdays it would have been 12 Jan: the holiday and the adjusted Sunday both matter.
    expect(isWorkingDay(calendar, '2026-01-02')).toEqual({ ok: true, working: false });
    expect(isWorkingDay(calendar, '2026-01-04')).toEqual({ ok: true, working: true });
  });

  it('[WD4] working days left count forward, and backward when overdue', () => {
    expect(workingDaysLeft(calendar, '2025-09-30', '2025-10-10')).toEqual({ ok: true, days: 2, overdue: false });
    expect(workingDaysLeft(calendar, '2025-10-10', '2025-10-10')).toEqual({ ok: true, days: 0, overdue: false });
    expect(workingDaysLeft(calendar, '2025-10-13', '2025-10-09')).toEqual({ ok: true, days: -3, overdue: true });
    // A due Friday seen on Saturday: overdue, with no working day past it yet.
    expect(workingDaysLeft(calendar, '2025-10-18', '2025-10-17')).toEqual({ ok: true, days: 0, overdue: true });
  });

  it('[WD5] a deadline that needs a year the calendar lacks is reported, not counted as plain weekdays', () => {
    expect(addWorkingDays(only(2025), '2025-12-20', 30)).toEqual({ ok: false, missingYear: 2026 });
    expect(isWorkingDay(only(2025), '2026-01-05')).toEqual({ ok: false, missingYear: 2026 });
    expect(workingDaysLeft(only(2025), '2025-12-30', '2026-01-05')).toEqual({ ok: false, missingYear: 2026 });
    // With the year present the same question has an answer.
    expect(addWorkingDays(only(2025, 2026), '2025-12-20', 30).ok).toBe(true);
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays(calendar, '2025-01-01', -1)).toThrow(RangeError);
    expect(() => addWorkingDays(calendar, '2025-01-01', 1.5)).toThrow(RangeError);
  });
});
