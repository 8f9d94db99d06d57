import { calendarRecordId, type WorkCalendarYear } from '../../schema/work-calendar';

/** The shape of `chinese-days/dist/chinese-days.json`: date → "English name,中文名,days". */
export interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const chineseName = (v: string) => v.split(',')[1]?.trim() || v.split(',')[0]!.trim();

/**
 * The calendar years the `chinese-days` package holds, as calendar records (whatever years it has: no
 * year is named in code). Its in-lieu days are holidays already, so `holidays` and `workdays` suffice.
 */
export function calendarYearsFromPackage(data: ChineseDaysData, version: string): WorkCalendarYear[] {
  const years = new Map<number, WorkCalendarYear>();
  const yearRecord = (date: string) => {
    const year = Number(date.slice(0, 4));
    let y = years.get(year);
    if (!y) {
      y = { id: calendarRecordId(year), year, holidays: [], workdays: [], source: 'package', sourceVersion: version };
      years.set(year, y);
    }
    return y;
  };
  for (const [date, v] of Object.entries(data.holidays)) yearRecord(date).holidays.push({ date, name: chineseName(v) });
  for (const [date, v] of Object.entries(data.workdays)) yearRecord(date).workdays.push({ date, name: chineseName(v) });
  for (const y of years.values()) {
    y.holidays.sort((a, b) => a.date.localeCompare(b.date));
    y.workdays.sort((a, b) => a.date.localeCompare(b.date));
  }
  return [...years.values()].sort((a, b) => a.year - b.year);
}
