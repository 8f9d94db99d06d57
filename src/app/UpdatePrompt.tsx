import { useState } from 'react';
import { useRegisterSW } from './pwa-register';
import { useTranslation } from 'react-i18next';

const HOUR_MS = 60 * 60_000;

/**
 * "有新版本 / A new version is available" with 立即更新 / Update now. Never reloads by itself: a
 * half-filled form must not be lost (PLATFORM-NOTES). Tablets that keep the app open for weeks ask
 * for a new worker every hour.
 */
export function UpdatePrompt({ checkEveryMs = HOUR_MS }: { checkEveryMs?: number }) {
  const { t } = useTranslation();
  const [waiting, setWaiting] = useState(false);
  const {
    needRefresh: [needRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    onNeedRefresh() {
      setWaiting(true);
    },
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      setInterval(() => {
        if (registration.installing || !navigator.onLine) return;
        registration.update().catch(() => {
          // offline or server down: try again next hour
        });
      }, checkEveryMs);
    },
  });
  if (needRefresh || waiting) {
    return (
      // A named region (a landmark, issue 13 item 14); the headline is announced as an alert.
      <section className="banner banner-update" aria-label={t('update.available')}>
        <strong role="alert">{t('update.available')}</strong>
        <span>{t('update.explain')}</span>
        <button type="button" onClick={() => void updateServiceWorker(true)}>
          {t('update.updateNow')}
        </button>
      </section>
    );
  }
  if (offlineReady) {
    return (
      // A named region: the banner sits in a landmark (issue 13 item 14).
      <section className="banner banner-info" aria-label={t('update.offlineReady')}>
        <span>{t('update.offlineReady')}</span>
        <button type="button" onClick={() => setOfflineReady(false)}>
          {t('app.dismiss')}
        </button>
      </section>
    );
  }
  return null;
}
