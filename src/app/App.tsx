import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { i18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import type { TidemarkClient, UnlockedSession } from '../db/contracts';
import { AppHeader } from './AppHeader';
import { DbNoticeBanner } from './DbNoticeBanner';
import { ServicesProvider, type AppServices } from './services';
import { DEFAULT_LOCK_MINUTES } from './useInactivityLock';
import { LockScreen, Workspace } from './Workspace';

export interface AppProps {
  client: TidemarkClient;
  i18n: i18n;
  now?: () => Date;
  newId?: () => string;
  /** Minutes without activity before the app locks itself. */
  lockAfterMinutes?: number;
  /** Shown above everything: the update prompt (kept out of App so tests need no service worker). */
  banner?: ReactNode;
}

const systemNow = () => new Date();
const randomId = () => crypto.randomUUID();

export function App({ client, i18n, now = systemNow, newId = randomId, lockAfterMinutes = DEFAULT_LOCK_MINUTES, banner }: AppProps) {
  const [services] = useState<AppServices>(() => ({ client, now, newId }));
  return (
    <I18nextProvider i18n={i18n}>
      <ServicesProvider services={services}>
        <DbNoticeBanner />
        {banner}
        <Shell client={client} lockAfterMinutes={lockAfterMinutes} />
      </ServicesProvider>
    </I18nextProvider>
  );
}

/** Login or workspace; the lock keeps the account so unlocking needs only the password. */
function Shell({ client, lockAfterMinutes }: { client: TidemarkClient; lockAfterMinutes: number }) {
  const [session, setSession] = useState<UnlockedSession | null>(() => client.current());
  const [lockedUsername, setLockedUsername] = useState<string | null>(null);
  const [persistent, setPersistent] = useState<boolean | null>(null);

  // Ask once per page load, after the first unlock: browsers grant persistence to engaged sites.
  useEffect(() => {
    if (!session || persistent !== null) return;
    let live = true;
    client.persistStorage().then(
      (p) => live && setPersistent(p),
      () => live && setPersistent(false),
    );
    return () => {
      live = false;
    };
  }, [client, session, persistent]);

  const lock = useCallback(() => {
    if (session) setLockedUsername(session.user.username);
    setSession(null);
    client.lock();
  }, [client, session]);

  const logout = useCallback(() => {
    setLockedUsername(null);
    setSession(null);
    // Logging out never deletes unsynced work (privacy.md §5); offline, the server session simply lapses.
    client.logout().catch(() => client.lock());
  }, [client]);

  if (!session) {
    return (
      <>
        <AppHeader />
        <main className="app-main">
          <LockScreen
            lockedUsername={lockedUsername}
            onUnlocked={(s) => {
              setLockedUsername(null);
              setSession(s);
            }}
          />
        </main>
      </>
    );
  }
  // The same worker logs in again online (the session expired): the new session replaces the old in
  // place, so the screen and any half-filled form stay; its first sync uploads what was waiting.
  const relogin = async (password: string) => {
    const next = await client.loginOnline(session.user.username, password);
    setSession(next);
    next.sync.syncNow().catch(() => {}); // failures show in the status bar
  };
  return <Workspace session={session} persistent={persistent} lockAfterMinutes={lockAfterMinutes} onLock={lock} onLogout={logout} onRelogin={relogin} />;
}
