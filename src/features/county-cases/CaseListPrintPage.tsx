import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { paths } from '../../app/useHashRoute';
import { useSession } from '../../app/session-context';
import { saveDownload } from '../county-report/save-download';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { useCountyCasesText } from '../../i18n/county-cases.texts';
import type { CaseListKind, CaseListResponse } from '../../shared/protocol/county-cases';
import { casesQuery } from './cases-query';
import { useCountyRequest } from './useCountyRequest';
import './county-cases.css';

/**
 * [K16][K17] 审批表, 公示 and 公布 as a printable A4 page (print CSS: the app's header and menus are
 * left out, the table repeats its header on every page) and as XLSX from the server. The rows are the
 * server's: a public list holds only what privacy.md §7 allows, and never an orphan's or a child's case.
 */
export function CaseListPrintPage({ kind, township }: { kind: CaseListKind; township?: string | undefined }) {
  const { t } = useCountyCasesText();
  const { t: tApp } = useTranslation();
  const session = useSession();
  const id = useId();
  const query = casesQuery({ township });
  const { data, error } = useCountyRequest<CaseListResponse>(session.online() ? `/api/county/cases/lists/${kind}${query}` : null);
  const [downloadError, setDownloadError] = useState<string | null>(null);

  if (!session.online()) return <p className="warning">{t('needOnline')}</p>;
  const download = async () => {
    setDownloadError(null);
    try {
      const sep = query ? '&' : '?';
      const { blob, filename } = await session.county!.downloadFile(`/api/county/cases/lists/${kind}${query}${sep}format=xlsx`);
      saveDownload(blob, filename);
    } catch (e) {
      const { code, details } = errorCodeOf(e);
      setDownloadError(errorMessage(tApp, code, details));
    }
  };

  return (
    <article className={`case-list-print case-list-${kind}`} aria-labelledby={`${id}-title`}>
      <p className="no-print">
        <a href={paths.countyCases}>{t('print.back')}</a>{' '}
        <button type="button" onClick={() => window.print()}>
          {t('print.print')}
        </button>{' '}
        <button type="button" onClick={() => void download()}>
          {t('print.xlsx')}
        </button>
      </p>
      {(error || downloadError) && (
        <p className="error no-print" role="alert">
          {error ? t('failed', { reason: error }) : downloadError}
        </p>
      )}
      {data && (
        <>
          <h2 id={`${id}-title`}>{data.title}</h2>
          <p className="list-meta">
            {t('print.generated', { date: data.today })}　{t('print.rows', { count: data.rows.length })}
          </p>
          {data.rows.length === 0 ? (
            <p className="empty">{t('print.empty')}</p>
          ) : (
            <table className="print-table" aria-label={data.title}>
              <thead>
                <tr>
                  {data.headers.map((h) => (
                    <th scope="col" key={h}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((v, j) => (
                      <td key={j}>{v}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="list-note">{kind === 'approval' ? t('print.internalNote') : t('print.publicNote')}</p>
          {kind === 'approval' && <p className="signature">{t('print.signature')}</p>}
        </>
      )}
      {!data && !error && <p>{t('loading')}</p>}
    </article>
  );
}
