import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** Whole days from `iso` to `now` (elapsed time: no time zone involved). */
function daysSince(iso: string, now: Date): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return 0;
  return Math.max(0, Math.floor((now.getTime() - ms) / 86_400_000));
}

/**
 * 存储：持久 / 非持久, from client.persistStorage(). Non-persistent storage can be evicted by the
 * browser (Safari: after 7 days unused), so unsynced work that has waited is worth a loud warning.
 */
export function StorageIndicator({
  persistent,
  oldestPendingAt,
  now,
  warnAfterDays = 1,
}: {
  persistent: boolean | null;
  oldestPendingAt: string | null;
  now: Date;
  warnAfterDays?: number;
}) {
  const { t } = useTranslation();
  const id = useId();
  const label = persistent === null ? t('storage.checking') : persistent ? t('storage.persistent') : t('storage.notPersistent');
  const days = oldestPendingAt ? daysSince(oldestPendingAt, now) : 0;
  const warn = persistent === false && oldestPendingAt !== null && days >= warnAfterDays;
  return (
    <div className="storage">
      <span className={`storage-state${persistent === false ? ' storage-volatile' : ''}`}>{label}</span>
      {persistent === false && (
        // What "not persistent" means for the worker's data, and the two things that help (issue 13 item 12).
        <details className="storage-help" aria-labelledby={`${id}-what`}>
          <summary id={`${id}-what`}>{t('storage.whatMeans')}</summary>
          <p>{t('storage.explain')}</p>
          <ul>
            <li>{t('storage.install')}</li>
            <li>{t('storage.syncSoon')}</li>
          </ul>
        </details>
      )}
      {warn && (
        <p className="warning" role="alert">
          {t('storage.warning', { count: days })}
        </p>
      )}
    </div>
  );
}
