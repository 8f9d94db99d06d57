import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/rules/china-time';
import { useSession } from '../../app/session-context';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { useTabletHealthText } from '../../i18n/tablet-health.texts';
import type { TabletHealthResponse, TabletHealthRow } from '../../shared/protocol/tablet-health';
import { ageParts } from './age';
import './tablet-health.css';

/**
 * 平板同步状况 (issue 16, SPEC H4–H5): every tablet of the caller's townships with its latest sync-health
 * report, most at risk first, as the server sorts them. Online only (a county office screen).
 * N — hours without a sync while holding records — starts at the server's setting and can be changed here.
 */
export function TabletHealthPage() {
  const { t } = useTabletHealthText();
  const { t: tApp } = useTranslation();
  const session = useSession();
  const id = useId();
  const [data, setData] = useState<TabletHealthResponse | null>(null);
  const [hours, setHours] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const online = session.online();

  const load = useCallback(
    async (staleHours: number | null) => {
      setBusy(true);
      setError(null);
      try {
        const q = staleHours === null ? '' : `?staleHours=${encodeURIComponent(String(staleHours))}`;
        const r = await session.request<TabletHealthResponse>('GET', `/api/admin/tablet-health${q}`);
        setData(r);
        setHours(String(r.staleHours));
      } catch (e) {
        const { code, details } = errorCodeOf(e);
        setError(t('failed', { reason: errorMessage(tApp, code, details) }));
      } finally {
        setBusy(false);
      }
    },
    [session, t, tApp],
  );

  useEffect(() => {
    if (online) void load(null);
  }, [online, load]);

  if (!online) {
    return (
      <section aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t('title')}</h2>
        <p className="warning">{t('needOnline')}</p>
      </section>
    );
  }

  const ago = (iso: string | null, now: string) => {
    if (!iso) return t('never');
    const { unit, count } = ageParts(iso, now);
    return t(`ago.${unit}`, { count });
  };
  const storage = (r: TabletHealthRow) => {
    const parts: string[] = [];
    if (r.storageUsageBytes !== null && r.storageQuotaBytes) parts.push(t('storageUse', { percent: Math.round((r.storageUsageBytes / r.storageQuotaBytes) * 100) }));
    if (r.storagePersisted !== null) parts.push(r.storagePersisted ? t('persisted') : t('notPersisted'));
    return parts.length ? parts.join('，') : t('storageUnknown');
  };
  const staleCount = data ? data.tablets.filter((r) => r.risks.includes('stale')).length : 0;

  return (
    <section className="tablet-health" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('title')}</h2>
      <p className="hint">{t('explain')}</p>
      <form
        className="filter"
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(hours);
          void load(Number.isFinite(n) && n > 0 ? n : null);
        }}
      >
        <label>
          {t('staleHours')}
          <span>
            <input type="number" min={1} max={8760} step={1} inputMode="numeric" value={hours} onChange={(e) => setHours(e.target.value)} aria-describedby={`${id}-unit`} />{' '}
            <span id={`${id}-unit`}>{t('staleHoursUnit')}</span>
          </span>
        </label>
        <button type="submit" disabled={busy}>
          {t('apply')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {data === null ? (
        !error && <p>{t('loading')}</p>
      ) : data.tablets.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <>
          <p role="status">{t('summary', { total: data.tablets.length, stale: staleCount, hours: data.staleHours })}</p>
          <table className="records" aria-label={t('tableLabel')}>
            <thead>
              <tr>
                <th scope="col">{t('col.worker')}</th>
                <th scope="col">{t('col.tablet')}</th>
                <th scope="col">{t('col.township')}</th>
                <th scope="col">{t('col.risk')}</th>
                <th scope="col">{t('col.pending')}</th>
                <th scope="col">{t('col.oldest')}</th>
                <th scope="col">{t('col.lastSync')}</th>
                <th scope="col">{t('col.attachments')}</th>
                <th scope="col">{t('col.version')}</th>
                <th scope="col">{t('col.storage')}</th>
                <th scope="col">{t('col.error')}</th>
                <th scope="col">{t('col.reported')}</th>
              </tr>
            </thead>
            <tbody>
              {data.tablets.map((r) => (
                <tr key={`${r.clientId}/${r.userId}`} className={r.risks.includes('stale') ? 'at-risk' : undefined}>
                  <th scope="row" data-label={t('col.worker')}>
                    {r.displayName}
                  </th>
                  {/* A shared tablet has a row per account: its name (or the physical tablet's id) ties them together. */}
                  <td data-label={t('col.tablet')}>{r.deviceName ?? (r.tabletId ?? r.clientId).slice(0, 8)}</td>
                  <td data-label={t('col.township')}>{r.countyName && session.user.role === 'admin' ? `${r.townshipName ?? ''}（${r.countyName}）` : (r.townshipName ?? '')}</td>
                  <td data-label={t('col.risk')}>
                    <ul className="risks">
                      {r.risks.length === 0 ? (
                        <li className="risk risk-ok">{t('risk.ok')}</li>
                      ) : (
                        r.risks.map((k) => (
                          <li key={k} className={`risk risk-${k}`}>
                            {t(`risk.${k}`, { hours: data.staleHours })}
                          </li>
                        ))
                      )}
                    </ul>
                  </td>
                  <td data-label={t('col.pending')}>{r.pendingRecords}</td>
                  <td data-label={t('col.oldest')}>{r.oldestPendingAt ? ago(r.oldestPendingAt, data.now) : t('none')}</td>
                  <td data-label={t('col.lastSync')}>
                    {r.lastSyncedAt ? <time dateTime={r.lastSyncedAt} title={formatDateTime(r.lastSyncedAt)}>{ago(r.lastSyncedAt, data.now)}</time> : t('never')}
                  </td>
                  <td data-label={t('col.attachments')}>{r.pendingAttachments}</td>
                  <td data-label={t('col.version')}>{r.appVersion}</td>
                  <td data-label={t('col.storage')}>{storage(r)}</td>
                  <td data-label={t('col.error')}>{r.lastErrorCode ? errorMessage(tApp, r.lastErrorCode) : t('none')}</td>
                  <td data-label={t('col.reported')}>
                    <time dateTime={r.receivedAt}>{formatDateTime(r.receivedAt)}</time>（{t(r.kind)}）
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{t('versionCurrent', { version: data.currentAppVersion })}</p>
        </>
      )}
    </section>
  );
}
