import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session-context';
import { useDashboardText } from '../../i18n/dashboard.texts';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import type { AdminRecordsPage } from '../../shared/protocol/admin/records';
import { useDivisions } from '../areas/useDivisions';
import { sortEvents, useReferenceData } from '../relocation/useReferenceData';
import { DashboardTable, type DashboardColumn } from './DashboardTable';
import { RecordsPageFrame } from './RecordsPageFrame';

interface HouseholdRow {
  id: string;
  head: string;
  members: number | null;
  village: string;
  placement: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * The records behind a township's figures on the dashboard: the households of the event the server holds
 * for that township (GET /api/admin/records, scoped and audited by the server like the county report).
 */
export function TownshipRecordsPage({ eventId: given, township }: { eventId: string | null; township: string }) {
  const { t } = useDashboardText();
  const { t: tApp } = useTranslation();
  const session = useSession();
  const ref = useReferenceData(session);
  // Without an event in the link, the dashboard's default: the latest event.
  const eventId = given ?? (ref ? (sortEvents(ref.events)[0]?.id ?? '') : null);
  const { directory } = useDivisions(session);
  const [rows, setRows] = useState<HouseholdRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (eventId === null) return;
    let stale = false;
    void (async () => {
      try {
        const out: HouseholdRow[] = [];
        for (let after = 0, more = true; more; ) {
          const page = await session.request<AdminRecordsPage>('GET', `/api/admin/records?${new URLSearchParams({ entity: 'household', township, limit: '1000', after: String(after) })}`);
          for (const r of page.records) {
            const f = r.fields as { eventId?: unknown; head?: { name?: unknown }; membersCount?: unknown; origin?: { village?: unknown }; placement?: unknown };
            if (r.deleted || f.eventId !== eventId) continue;
            out.push({ id: r.id, head: text(f.head?.name), members: typeof f.membersCount === 'number' ? f.membersCount : null, village: text(f.origin?.village), placement: text(f.placement) });
          }
          after = page.cursor;
          more = page.hasMore;
        }
        if (!stale) setRows(out);
      } catch (e) {
        const { code, details } = errorCodeOf(e);
        if (!stale) setError(t('failed', { reason: errorMessage(tApp, code, details) }));
      }
    })();
    return () => {
      stale = true;
    };
  }, [session, eventId, township, t, tApp]);

  const name = directory?.label(township).name ?? township;
  const event = ref?.events.find((e) => e.id === eventId)?.name ?? eventId ?? '';
  const placement = (p: string) => (p === 'centralised' ? t('records.centralised') : p === 'dispersed' ? t('records.dispersed') : t('records.other'));
  const columns: DashboardColumn<HouseholdRow>[] = [
    { label: t('records.members'), cell: (r) => r.members ?? '—' },
    { label: t('records.village'), cell: (r) => r.village || '—' },
    { label: t('records.placement'), cell: (r) => placement(r.placement) },
  ];
  return (
    <RecordsPageFrame title={t('records.title', { name })} error={error} loading={!rows}>
      {rows && rows.length === 0 && <p>{t('records.none')}</p>}
      {rows && rows.length > 0 && (
        <div className="table-scroll">
          <DashboardTable caption={t('records.caption', { name, event })} head={t('records.head')} columns={columns} rows={rows} rowKey={(r) => r.id} rowHeader={(r) => r.head || r.id} />
        </div>
      )}
    </RecordsPageFrame>
  );
}
