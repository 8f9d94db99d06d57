import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { UpdatePrompt } from './app/UpdatePrompt';
import { DEFAULT_LOCK_MINUTES } from './app/useInactivityLock';
import { createTidemarkClient } from './app/compose-client';
import { initI18n, storedLanguage } from './i18n';
import './styles/app.css';

/** Minutes without activity before the app locks; a county may shorten it per tablet (localStorage `tidemark.lockMinutes`). */
function lockMinutes(): number {
  try {
    const v = Number(localStorage.getItem('tidemark.lockMinutes'));
    return v > 0 ? v : DEFAULT_LOCK_MINUTES;
  } catch {
    return DEFAULT_LOCK_MINUTES;
  }
}

/**
 * Days after their last sync that confirmed records leave the tablet (privacy.md §5); per tablet:
 * localStorage `tidemark.purgeDays`. Unset: the session's default (DEFAULT_PURGE_AFTER_DAYS, applied in
 * compose-session.ts so start-up does not load the purge code).
 */
function purgeDays(): { purgeSyncedAfterDays?: number } {
  try {
    const v = Number(localStorage.getItem('tidemark.purgeDays'));
    return v > 0 ? { purgeSyncedAfterDays: v } : {};
  } catch {
    return {};
  }
}

/** A light sync-health heartbeat while online (SPEC H3): the county sees the tablet is alive between syncs. */
const HEALTH_HEARTBEAT_MS = 10 * 60_000;

// Chinese is bundled; an English tablet first loads the English chunk, so the first render is in English.
void initI18n(storedLanguage()).then((i18n) => {
  document.documentElement.lang = i18n.language;
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App client={createTidemarkClient({ ...purgeDays(), tabletHealth: { heartbeatMs: HEALTH_HEARTBEAT_MS } })} i18n={i18n} lockAfterMinutes={lockMinutes()} banner={<UpdatePrompt />} />
    </StrictMode>,
  );
});
