/**
 * Screens on the real client against the real server in process (jsdom tests). A worker (wang /
 * pass-1234, 王芳) of the test township, the test event and shelter on the server, a clock at TEST_NOW;
 * the screen rendered inside the providers the workspace gives it (i18n, services, session, flash).
 */
import { act, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { FlashProvider } from '../../src/app/flash';
import { ServicesProvider } from '../../src/app/services';
import { SessionProvider } from '../../src/app/session-context';
import type { TidemarkClientDeps } from '../../src/app/compose-client';
import type { TidemarkSession } from '../../src/app/compose-session';
import { initI18n, type Language } from '../../src/i18n';
import type { ServerConfig } from '../../sync-server/src/config';
import { clientRig, type ClientRig } from './client-rig';
import type { NewTestUser } from './server-harness';
import { ManualClock } from './manual-env';
import { TEST_EVENT, TEST_SITE } from './reference-fixtures';

/** 2024-06-21 10:00 China time. */
export const TEST_NOW = new Date('2024-06-21T02:00:00.000Z');
export const TEST_USER = { username: 'wang', password: 'pass-1234', displayName: '王芳' } as const;

export interface ScreenRigOptions {
  clock?: ManualClock;
  config?: Partial<ServerConfig>;
  deps?: Partial<TidemarkClientDeps>;
  /** Put TEST_EVENT and TEST_SITE on the server (default true). */
  reference?: boolean;
  /** The account (default TEST_USER, a worker of the test township); null: none. */
  user?: (NewTestUser & { username: string; password: string }) | null;
  /** What navigator.storage.persist() answers (the browser is outside the project: a double). */
  persistent?: boolean;
}

export async function screenRig(opts: ScreenRigOptions = {}): Promise<ClientRig> {
  const rig = await clientRig({
    clock: opts.clock ?? new ManualClock(TEST_NOW.getTime()),
    config: opts.config,
    deps: {
      storage: { persist: async () => opts.persistent ?? false, persisted: async () => opts.persistent ?? false },
      ...opts.deps,
    },
  });
  if (opts.user !== null) await rig.server.addUser(opts.user ?? { ...TEST_USER });
  if (opts.reference !== false) {
    await rig.server.putReference('event', { ...TEST_EVENT });
    await rig.server.putReference('site', { ...TEST_SITE });
  }
  return rig;
}

/** Logs the worker in online and pulls the reference data, as the first sync after a login does. */
export async function loginAndSync(rig: ClientRig, user: { username: string; password: string } = TEST_USER): Promise<TidemarkSession> {
  const session = await rig.client.loginOnline(user.username, user.password);
  await session.sync.syncNow();
  return session;
}

export async function renderInSession(
  ui: ReactElement | ((rig: ClientRig, session: TidemarkSession) => ReactElement),
  opts: { rig?: ClientRig; session?: TidemarkSession; lang?: Language; now?: () => Date; newId?: () => string } = {},
) {
  const rig = opts.rig ?? (await screenRig());
  const session = opts.session ?? (await loginAndSync(rig));
  const i18n = await initI18n(opts.lang ?? 'zh-CN'); // English: its chunk first, as in the app
  let n = 0;
  const services = { client: rig.client, now: opts.now ?? rig.clock.now, newId: opts.newId ?? (() => `test-id-${String(++n).padStart(4, '0')}`) };
  const user = userEvent.setup();
  const element = typeof ui === 'function' ? ui(rig, session) : ui;
  let result!: ReturnType<typeof render>;
  await act(async () => {
    result = render(
      <I18nextProvider i18n={i18n}>
        <ServicesProvider services={services}>
          <SessionProvider session={session}>
            <FlashProvider>{element}</FlashProvider>
          </SessionProvider>
        </ServicesProvider>
      </I18nextProvider>,
    );
  });
  return { ...result, rig, client: rig.client, session, i18n, user };
}
