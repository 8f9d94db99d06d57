import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/rules/china-time';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-context';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { useReliefText } from '../../i18n/relief.texts';
import type { CountyReport } from '../../shared/rules/relocation/report-types';
import { sortEvents, useReferenceData } from '../relocation/useReferenceData';
import { EventTimeFields } from './EventTimeFields';
import { FlagsPanel } from './FlagsPanel';
import { ReportTable } from './ReportTable';
import { useDivisions } from '../areas/useDivisions';
import { saveDownload } from './save-download';
import './county-report.css';

type Download = ['relocation' | 'form10', 'xlsx' | 'csv', string];

/**
 * The county office's page (online; supervisors and administrators): the relocation report of an event
 * at a chosen time, by township and in total, computed by the server from every tablet's synced records;
 * its XLSX and CSV downloads and the 应急统表10 household list; and the duplicate and double hand-out flags.
 */
export function CountyReportPage() {
  const { t } = useReliefText();
  const { t: tApp } = useTranslation();
  const session = useSession();
  const { now } = useServices();
  const id = useId();
  const ref = useReferenceData(session);
  const [eventId, setEventId] = useState<string | null>(null);
  const [at, setAt] = useState(() => new Date(Math.floor(now().getTime() / 60_000) * 60_000).toISOString());
  const [result, setResult] = useState<{ report: CountyReport; generatedAt: string; skipped: number; townshipNames: Record<string, string> } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const county = session.county;
  // Names of the township codes the flags list (the report's own come with it as townshipNames).
  const { directory } = useDivisions(session);

  if (!session.online()) {
    return (
      <section aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t('county.title')}</h2>
        <p className="warning">{t('county.needOnline')}</p>
      </section>
    );
  }
  if (!ref) return <p>{tApp('app.loading')}</p>;
  const events = sortEvents(ref.events);
  const chosen = eventId ?? events[0]?.id ?? '';

  const fail = (e: unknown) => {
    const { code, details } = errorCodeOf(e);
    setError(t('county.failed', { reason: errorMessage(tApp, code, details) }));
  };
  const show = async () => {
    setBusy('report');
    setError(null);
    try {
      const r = await county.report(chosen, at);
      const skipped = Array.isArray(r.skippedRecords) ? r.skippedRecords.length : typeof r.skippedRecords === 'number' ? r.skippedRecords : 0;
      setResult({ report: r.report, generatedAt: r.generatedAt, skipped, townshipNames: r.townshipNames ?? {} });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };
  const download = async ([kind, format]: Download) => {
    setBusy(`${kind}-${format}`);
    setError(null);
    try {
      const { blob, filename } = await county.download(kind, format, chosen, at);
      saveDownload(blob, filename);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };
  const downloads: Download[] = [
    ['relocation', 'xlsx', t('county.reportXlsx')],
    ['relocation', 'csv', t('county.reportCsv')],
    ['form10', 'xlsx', t('county.form10Xlsx')],
    ['form10', 'csv', t('county.form10Csv')],
  ];

  return (
    <section className="county-report" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('county.title')}</h2>
      <form
        className="report-query"
        onSubmit={(e) => {
          e.preventDefault();
          void show();
        }}
      >
        <EventTimeFields idPrefix={id} events={events} eventId={chosen} onEvent={setEventId} at={at} onAt={setAt} labels={{ event: t('county.event'), at: t('county.at') }} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!chosen || busy !== null}>
            {busy === 'report' ? t('county.loading') : t('county.show')}
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="downloads" role="group" aria-label={t('county.downloads')}>
        {downloads.map((d) => (
          <button key={`${d[0]}-${d[1]}`} type="button" onClick={() => void download(d)} disabled={!chosen || busy !== null}>
            {busy === `${d[0]}-${d[1]}` ? t('county.downloading') : d[2]}
          </button>
        ))}
      </div>
      {result && (
        <>
          <p className="field-hint">{t('county.generatedAt', { at: formatDateTime(result.report.at), time: formatDateTime(result.generatedAt) })}</p>
          {result.skipped > 0 && <p className="warning">{t('county.skipped', { count: result.skipped })}</p>}
          <ReportTable report={result.report} townshipNames={result.townshipNames} />
        </>
      )}
      {chosen && <FlagsPanel county={county} eventId={chosen} directory={directory} />}
    </section>
  );
}
