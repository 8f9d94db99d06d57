import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KnownAccount, UnlockedSession } from '../../db/contracts';
import { useOnline } from '../../app/useOnline';
import { useServices } from '../../app/services';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { OfflineUnlockForm } from './OfflineUnlockForm';
import { OnlineLoginForm } from './OnlineLoginForm';

type Mode = 'online' | 'unlock';

/**
 * One screen, two ways in: online login, or — offline, server unreachable, or after a lock — unlock
 * with an account that has logged in online on this tablet. Only one form shows at a time, so each
 * label (用户名, 密码, 账户) is unique on the page.
 */
export function LoginScreen({
  lockedUsername,
  onUnlocked,
}: {
  lockedUsername: string | null;
  onUnlocked: (session: UnlockedSession) => void;
}) {
  const { t } = useTranslation();
  const { client } = useServices();
  const online = useOnline();
  const [accounts, setAccounts] = useState<KnownAccount[] | null>(null);
  const [mode, setMode] = useState<Mode | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; details?: unknown } | null>(null);
  // Keys, not strings: a language switch re-translates them.
  const [notice, setNotice] = useState<'auth.lockedNotice' | 'auth.networkSwitched' | null>(lockedUsername ? 'auth.lockedNotice' : null);

  useEffect(() => {
    let live = true;
    client.knownAccounts().then(
      (a) => live && setAccounts(a),
      () => live && setAccounts([]),
    );
    return () => {
      live = false;
    };
  }, [client]);

  // First choice once the accounts are known; losing the network later moves to unlock (once: the
  // worker can still switch back).
  const wasOnline = useRef(online);
  useEffect(() => {
    if (!accounts) return;
    const canUnlock = accounts.length > 0;
    if (mode === null) setMode(canUnlock && (!online || lockedUsername) ? 'unlock' : 'online');
    else if (wasOnline.current && !online && canUnlock && !busy) setMode('unlock');
    wasOnline.current = online;
  }, [accounts, online, lockedUsername, mode, busy]);

  const run = async (action: () => Promise<UnlockedSession>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const session = await action();
      onUnlocked(session);
    } catch (e) {
      const err = errorCodeOf(e);
      if (err.code === 'NETWORK' && accounts && accounts.length > 0) {
        setMode('unlock');
        setNotice('auth.networkSwitched');
      } else {
        setError(err);
      }
      setBusy(false);
    }
  };

  if (!accounts || !mode) return <p>{t('app.loading')}</p>;
  const canUnlock = accounts.length > 0;
  return (
    <section className="login">
      {notice && <p className="notice">{t(notice)}</p>}
      {error && (
        <p className="error" role="alert">
          {errorMessage(t, error.code, error.details)}
        </p>
      )}
      {mode === 'online' && !online && !canUnlock && <p className="notice">{t('auth.offlineNoAccounts')}</p>}
      {mode === 'online' ? (
        <OnlineLoginForm busy={busy} onSubmit={(u, p) => void run(() => client.loginOnline(u, p))} />
      ) : (
        <OfflineUnlockForm
          accounts={accounts}
          initialUsername={lockedUsername}
          busy={busy}
          onSubmit={(u, p) => void run(() => client.unlockOffline(u, p))}
        />
      )}
      {canUnlock && (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setError(null);
            setNotice(null);
            setMode(mode === 'online' ? 'unlock' : 'online');
          }}
        >
          {mode === 'online' ? (online ? t('unlockOnline.switchTo') : t('auth.switchToUnlock')) : t('auth.switchToOnline')}
        </button>
      )}
    </section>
  );
}
