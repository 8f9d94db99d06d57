import { z } from 'zod';
import { isoDate } from './common';

/**
 * One year of the official working-day calendar (working-days rules WD1–WD3): the public holidays and
 * the adjusted working days (调休) that the State Council announces each year. Reference data: the
 * administrator maintains it (seeded from the `chinese-days` package for the years it has); tablets pull it.
 * A weekday absent from both lists is a working day; a weekend day is one only when listed in `workdays`.
 */
const dayEntry = z.object({ date: isoDate, name: z.string().trim().min(1).max(40) }).strict();

export const WORK_CALENDAR_SOURCES = ['package', 'admin'] as const;

export const workCalendarYearSchema = z
  .object({
    /** `calendar-<year>`: one record per year, so an administrator replaces a year as a whole. */
    id: z.string().regex(/^calendar-\d{4}$/, 'calendar.id'),
    year: z.number().int().min(2000).max(2100),
    holidays: z.array(dayEntry).max(60),
    workdays: z.array(dayEntry).max(20),
    /** Where the year came from: the seeding package (with its version) or an administrator's upload. */
    source: z.enum(WORK_CALENDAR_SOURCES),
    sourceVersion: z.string().max(40).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.id !== `calendar-${v.year}`) ctx.addIssue({ code: 'custom', path: ['id'], message: 'calendar.idYear' });
    const seen = new Set<string>();
    for (const [list, entries] of [['holidays', v.holidays], ['workdays', v.workdays]] as const) {
      entries.forEach((e, i) => {
        if (Number(e.date.slice(0, 4)) !== v.year) ctx.addIssue({ code: 'custom', path: [list, i, 'date'], message: 'calendar.otherYear' });
        if (!isRealDate(e.date)) ctx.addIssue({ code: 'custom', path: [list, i, 'date'], message: 'date.invalid' });
        // A day is either a holiday or an adjusted working day, and listed once.
        if (seen.has(e.date)) ctx.addIssue({ code: 'custom', path: [list, i, 'date'], message: 'calendar.duplicateDay' });
        seen.add(e.date);
        if (list === 'workdays' && isRealDate(e.date) && !isWeekend(e.date)) {
          ctx.addIssue({ code: 'custom', path: [list, i, 'date'], message: 'calendar.workdayNotWeekend' });
        }
      });
    }
  });

export type WorkCalendarYear = z.infer<typeof workCalendarYearSchema>;

export function calendarRecordId(year: number): string {
  return `calendar-${year}`;
}

function isRealDate(d: string): boolean {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, day));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === day;
}

function isWeekend(d: string): boolean {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const w = new Date(Date.UTC(y, m - 1, day)).getUTCDay();
  return w === 0 || w === 6;
}
