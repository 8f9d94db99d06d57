import { useRef, useState } from 'react';
import { useRegisterSW } from './pwa-register';
import { useControlledByWorker } from './useControlledByWorker';
import { useTranslation } from 'react-i18next';

const HOUR_MS = 60 * 60_000;

/**
 * "有新版本 / A new version is available" with 立即更新 / Update now. Never reloads by itself: a
 * half-filled form must not be lost (PLATFORM-NOTES). Tablets that keep the app open for weeks ask
 * for a new worker every hour.
 */
export function UpdatePrompt({ checkEveryMs = HOUR_MS, reload = reloadPage }: { checkEveryMs?: number; reload?: () => void }) {
  const { t } = useTranslation();
  const [waiting, setWaiting] = useState(false);
  const [updatedElsewhere, setUpdatedElsewhere] = useState(false);
  const controlled = useControlledByWorker();
  // Whether this page tapped 立即更新: only then does the new worker taking over reload it.
  const asked = useRef(false);
  // workbox (onNeedReload) and our controllerchange listener may both ask: reload once.
  const reloading = useRef(false);
  const reloadOnce = () => {
    if (reloading.current) return;
    reloading.current = true;
    reload();
  };
  const {
    needRefresh: [needRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({
    // workbox asks every page that saw the prompt once the new worker controls it. Another page's tap
    // must not reload this one under the worker's feet (a half-filled form would be lost): say so instead.
    onNeedReload: () => (asked.current ? reloadOnce() : setUpdatedElsewhere(true)),
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
  if (updatedElsewhere) {
    return (
      <section className="banner banner-update" aria-label={t('update.updatedElsewhere')}>
        <strong role="alert">{t('update.updatedElsewhere')}</strong>
        <span>{t('update.updatedElsewhereExplain')}</span>
        <button type="button" onClick={reloadOnce}>
          {t('update.reload')}
        </button>
      </section>
    );
  }
  if (needRefresh || waiting) {
    return (
      // A named region (a landmark, issue 13 item 14); the headline is announced as an alert.
      <section className="banner banner-update" aria-label={t('update.available')}>
        <strong role="alert">{t('update.available')}</strong>
        <span>{t('update.explain')}</span>
        <button
          type="button"
          onClick={() => {
            asked.current = true;
            update(updateServiceWorker, reloadOnce);
          }}
        >
          {t('update.updateNow')}
        </button>
      </section>
    );
  }
  // The worker claims the page on its first install (src/sw/claim-first-install.js); say "ready" once it has.
  if (offlineReady && controlled) {
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

function reloadPage(): void {
  window.location.reload();
}

/**
 * Lets the waiting worker take over, then reloads into the new version once it controls the page. The
 * reload is ours, not only workbox's: workbox reloads only when a worker controlled the page at
 * registration, and since the first install claims the page (issue 13 item 1) a tablet that has not been
 * reloaded since its first visit would otherwise keep running the old code under the new worker, whose
 * cache no longer holds the old screens.
 */
function update(updateServiceWorker: (reload?: boolean) => Promise<void>, reload: () => void): void {
  navigator.serviceWorker?.addEventListener('controllerchange', reload, { once: true });
  void updateServiceWorker(true);
}
