import { createRequire } from 'node:module';
import { calendarYearsFromPackage, type ChineseDaysData } from '../../../src/shared/rules/case/calendar-from-package';
import { workCalendarYearSchema, type WorkCalendarYear } from '../../../src/shared/schema/work-calendar';
import type { FieldStamp } from '../../../src/shared/rules/merge';
import type { Store } from '../store/store';

const require = createRequire(import.meta.url);

/** The years the installed `chinese-days` package holds, with its version (whatever years it has). */
export function packageCalendarYears(): WorkCalendarYear[] {
  const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const { version } = require('chinese-days/package.json') as { version: string };
  return calendarYearsFromPackage(data, version);
}

/**
 * Seeds the working-day calendar (issue 15) at server start: each year the package holds that the store
 * does not have yet becomes a `calendar` record every tablet pulls (township null, SPEC L1). A year
 * already stored is never touched — the administrator may have corrected it, and what they wrote wins.
 * Later package releases add the years announced since. Returns the years written.
 */
export async function seedWorkCalendar(store: Store, at: string, years: readonly WorkCalendarYear[] = packageCalendarYears()): Promise<number[]> {
  const written: number[] = [];
  for (const y of years) {
    const fields = workCalendarYearSchema.parse(y) as unknown as Record<string, unknown>;
    const done = await store.transaction(async (tx) => {
      if (await tx.getRecord('calendar', y.id)) return false;
      const stamps: Record<string, FieldStamp> = {};
      const versions: Record<string, number> = {};
      for (const k of Object.keys(fields)) {
        stamps[k] = { at, device: 'server' };
        versions[k] = 1;
      }
      await tx.putRecord({
        entity: 'calendar', id: y.id, township: null, version: 1, fields, fieldVersions: versions, fieldStamps: stamps,
        createdBy: null, updatedBy: null, originClient: null, updatedAt: at, deleted: false, idHmac: null,
      });
      await tx.appendAudit({
        at, userId: null, deviceId: null, township: null, action: 'calendar.seed', entity: 'calendar', recordId: y.id,
        detail: { year: y.year, holidays: y.holidays.length, workdays: y.workdays.length, source: y.source, sourceVersion: y.sourceVersion ?? null },
      });
      return true;
    });
    if (done) written.push(y.year);
  }
  return written;
}
