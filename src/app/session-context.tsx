import { createContext, useContext, type ReactNode } from 'react';
import type { UnlockedSession } from '../db/contracts';

const SessionContext = createContext<UnlockedSession | null>(null);

export function SessionProvider({ session, children }: { session: UnlockedSession; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The unlocked session; screens under the session shell only. */
export function useSession(): UnlockedSession {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
