import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { currentDbNotice, subscribeDbNotice } from '../db/db-lifecycle';

/**
 * Says what another Tidemark page did to this page's databases (src/db/db-lifecycle.ts): a newer
 * release upgraded them, so this page stopped using them and must be closed or reloaded; or this page
 * waits for an older page to let go of them. Never reloads by itself: what the worker typed stays on
 * screen to be noted down.
 */
export function DbNoticeBanner({ reload = () => window.location.reload() }: { reload?: () => void }) {
  const { t } = useTranslation();
  const notice = useSyncExternalStore(subscribeDbNotice, currentDbNotice);
  if (notice === 'outdated') {
    return (
      <section className="banner banner-update" aria-label={t('dbNotice.outdated')}>
        <strong role="alert">{t('dbNotice.outdated')}</strong>
        <span>{t('dbNotice.outdatedExplain')}</span>
        <button type="button" onClick={reload}>
          {t('dbNotice.reload')}
        </button>
      </section>
    );
  }
  if (notice === 'blocked') {
    return (
      <section className="banner banner-update" aria-label={t('dbNotice.blocked')}>
        <strong role="alert">{t('dbNotice.blocked')}</strong>
        <span>{t('dbNotice.blockedExplain')}</span>
      </section>
    );
  }
  return null;
}
