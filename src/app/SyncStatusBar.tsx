import { useTranslation } from 'react-i18next';
import type { SyncState } from '../db/contracts';
import { errorMessage } from '../i18n/error-message';
import { formatTime } from '../shared/rules/china-time';

const SESSION_ENDED = new Set(['SESSION_EXPIRED', 'UNAUTHENTICATED']);

/**
 * The sync state, always visible (role="status", 同步状态 / Sync status). When the session has ended and
 * the tablet is online, it offers 重新登录 in place (issue 13 item 9) instead of sending the worker away.
 */
export function SyncStatusBar({ state, online = true, onLogIn }: { state: SyncState; online?: boolean; onLogIn?: () => void }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  const sessionEnded = state.phase === 'error' && !!state.error && SESSION_ENDED.has(state.error.code);
  const pending = state.pending > 0 ? t('sync.pending', { count: state.pending }) : null;
  switch (state.phase) {
    case 'offline':
      parts.push(t('sync.offline'));
      if (pending) parts.push(pending);
      break;
    case 'syncing':
      parts.push(t('sync.syncing'));
      if (state.progress) parts.push(t('sync.progress', { sent: state.progress.sentChanges, total: state.progress.totalChanges }));
      break;
    case 'error':
      if (sessionEnded) parts.push(online ? t('sync.sessionExpired') : t('sync.sessionExpiredOffline'));
      else parts.push(t('sync.error', { reason: state.error ? errorMessage(t, state.error.code) : t('errors.unknown', { code: '?' }) }));
      if (pending) parts.push(pending);
      if (state.nextRetryAt && !sessionEnded) parts.push(t('sync.retryAt', { time: formatTime(state.nextRetryAt) }));
      break;
    case 'synced':
    case 'idle':
      if (pending) parts.push(pending);
      else if (state.lastSyncedAt) parts.push(t('sync.syncedAt', { time: formatTime(state.lastSyncedAt) }));
      else parts.push(t('sync.neverSynced'));
      if (pending && state.lastSyncedAt) parts.push(t('sync.syncedAt', { time: formatTime(state.lastSyncedAt) }));
      break;
  }
  if (state.rejected > 0) parts.push(t('sync.rejected', { count: state.rejected }));
  // SPEC A8: the worker was moved; these records went to the township they were made in.
  if (state.formerTownship) parts.push(t('sync.formerTownship', { count: state.formerTownship }));
  // SPEC F10 (issue 17): the server already held these through a hand-over file; they were not sent again.
  if (state.handedOver) parts.push(t('sync.handedOver', { count: state.handedOver }));
  // Photos upload after the records (rule T1): worth saying, never an error by itself.
  if (state.pendingAttachments && state.phase !== 'syncing') parts.push(t('sync.attachments', { count: state.pendingAttachments }));
  const progress = state.phase === 'syncing' && state.progress && state.progress.totalChanges > 0 ? state.progress : null;
  return (
    <div className={`sync-status sync-${state.phase}${state.pending > 0 ? ' sync-pending' : ''}`} role="status" aria-label={t('sync.label')} data-phase={state.phase}>
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-text">{parts.join(' · ')}</span>
      {sessionEnded && online && onLogIn && (
        <button type="button" className="sync-login" onClick={onLogIn}>
          {t('sync.logInAgain')}
        </button>
      )}
      {progress && (
        <progress max={progress.totalChanges} value={progress.sentChanges} aria-label={t('sync.progressLabel')} />
      )}
    </div>
  );
}
