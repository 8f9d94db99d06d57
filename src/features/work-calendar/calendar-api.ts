import type { UnlockedSession } from '../../db/contracts';
import type { WorkCalendarYear } from '../../shared/schema/work-calendar';

type Request = NonNullable<UnlockedSession['request']>;

/** The calendar routes (sync-server/src/routes/admin-calendar.ts, SPEC K7) over the session's request. */
export function calendarApi(request: Request) {
  return {
    async years(): Promise<WorkCalendarYear[]> {
      return (await request<{ years: WorkCalendarYear[] }>('GET', '/api/calendar')).years;
    },
    /** Adds or replaces a year as a whole. */
    async save(year: number, days: Pick<WorkCalendarYear, 'holidays' | 'workdays'>): Promise<WorkCalendarYear> {
      const { record } = await request<{ record: { fields: WorkCalendarYear } }>('PUT', `/api/admin/calendar/${year}`, days);
      return record.fields;
    },
  };
}

export type CalendarApi = ReturnType<typeof calendarApi>;
