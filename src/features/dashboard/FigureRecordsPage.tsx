import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FigureLink } from '../../app/useHashRoute';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-context';
import { useDashboardText } from '../../i18n/dashboard.texts';
import { useReliefText } from '../../i18n/relief.texts';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import type { DashboardRecordsResponse } from '../../shared/protocol/dashboard';
import { formatDateTime } from '../../shared/rules/china-time';
import { FlagsTable, HandoutsTable, HouseholdsTable } from './FigureRecordTables';
import { formatDay } from './formats';
import { RecordsPageFrame } from './RecordsPageFrame';

/**
 * The records behind a dashboard figure, as the server counted them (GET /api/dashboard/records, scoped
 * and audited): the households a day's or a site's figure counts (SPEC D8), the hand-outs a township's
 * relief of a round sums, the households it has not reached, its open flags (`figure`, D10).
 */
export function FigureRecordsPage({ eventId, at: given, siteId, day, figure }: { eventId: string; at?: string; siteId?: string; day?: string; figure?: FigureLink }) {
  const { t, i18n } = useDashboardText();
  const { t: tRelief } = useReliefText();
  const { t: tApp } = useTranslation();
  const session = useSession();
  const lang = i18n.language;
  const { now } = useServices();
  // Without a time in the link: now, to the minute (as the dashboard starts).
  const [at] = useState(() => given ?? new Date(Math.floor(now().getTime() / 60_000) * 60_000).toISOString());
  const [data, setData] = useState<DashboardRecordsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(figure ?? { kind: 'households', ...(siteId ? { siteId } : {}) });
  useEffect(() => {
    let stale = false;
    session.county.dashboardRecords(eventId, at, JSON.parse(key) as Parameters<typeof session.county.dashboardRecords>[2]).then(
      (d) => !stale && setData(d),
      (e: unknown) => {
        const { code, details } = errorCodeOf(e);
        if (!stale) setError(t('failed', { reason: errorMessage(tApp, code, details) }));
      },
    );
    return () => {
      stale = true;
    };
  }, [session, eventId, at, key, t, tApp]);

  const town = (code: string) => data?.townshipNames[code] ?? code;
  const what = figure
    ? figure.kind === 'relief'
      ? figure.item
        ? t('records.reliefItemOf', { name: town(figure.township), round: figure.round, item: tRelief(`items.${figure.item}`) })
        : t('records.reliefOf', { name: town(figure.township), round: figure.round })
      : figure.kind === 'not-reached'
        ? figure.round
          ? t('records.notReachedRoundOf', { name: town(figure.township), round: figure.round })
          : t('records.notReachedOf', { name: town(figure.township) })
        : t('records.flagsOf', { name: town(figure.township), kind: t(`records.flagKinds.${figure.flagKind}`) })
    : siteId
      ? t('records.atSite', { site: (data?.kind === 'households' ? data.siteName : undefined) ?? siteId })
      : day
        ? t('records.onDay', { day: formatDay(day, lang) })
        : t('records.all');
  const title = t('records.figureTitle', { what, at: formatDateTime(at) });
  const count = !data ? 0 : data.kind === 'relief' ? data.handouts.length : data.kind === 'flags' ? data.flags.length : data.records.length;
  const none = data?.kind === 'relief' ? t('records.noneRelief') : data?.kind === 'flags' ? t('records.noneFlags') : t('records.noneHere');
  return (
    <RecordsPageFrame title={title} error={error} loading={!data}>
      {data && count === 0 && <p>{none}</p>}
      {data?.truncated && <p className="warning">{t('records.truncated', { count })}</p>}
      {data && count > 0 && (
        <div className="table-scroll">
          {data.kind === 'relief' ? <HandoutsTable data={data} caption={title} /> : data.kind === 'flags' ? <FlagsTable data={data} caption={title} /> : <HouseholdsTable data={data} caption={title} />}
        </div>
      )}
    </RecordsPageFrame>
  );
}
