import { createContext, useContext, type ReactNode } from 'react';
import type { TidemarkClient } from '../db/contracts';

/** What screens need from outside React: the client, and the clock and id source (injectable for tests, STYLE habit 9). */
export interface AppServices {
  client: TidemarkClient;
  now: () => Date;
  newId: () => string;
}

const ServicesContext = createContext<AppServices | null>(null);

export function ServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): AppServices {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside ServicesProvider');
  return s;
}
