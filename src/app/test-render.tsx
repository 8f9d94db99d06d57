/**
 * TEST HELPER — renders a screen inside the providers the workspace gives it (i18n, services, an
 * unlocked session, flash), with a fixed clock and ids.
 */
import { act, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { TidemarkClient, UnlockedSession } from '../db/contracts';
import { initI18n, type Language } from '../i18n';
import { FlashProvider } from './flash';
import { ServicesProvider } from './services';
import { SessionProvider } from './session-context';
import { createTestClient, type TestClient } from './test-client';

/** 2024-06-21 10:00 China time. */
export const TEST_NOW = new Date('2024-06-21T02:00:00.000Z');

export async function renderInSession<C extends TidemarkClient = TestClient>(
  ui: ReactElement,
  opts: { client?: C; session?: UnlockedSession; lang?: Language; now?: () => Date; newId?: () => string } = {},
) {
  const client = (opts.client ?? createTestClient()) as C;
  const session = opts.session ?? (await client.loginOnline('wang', 'pass-1234'));
  const i18n = await initI18n(opts.lang ?? 'zh-CN'); // English: its chunk first, as in the app
  let n = 0;
  const services = { client, now: opts.now ?? (() => TEST_NOW), newId: opts.newId ?? (() => `test-id-${String(++n).padStart(4, '0')}`) };
  const user = userEvent.setup();
  const result = render(
    <I18nextProvider i18n={i18n}>
      <ServicesProvider services={services}>
        <SessionProvider session={session}>
          <FlashProvider>{ui}</FlashProvider>
        </SessionProvider>
      </ServicesProvider>
    </I18nextProvider>,
  );
  await act(async () => {}); // let the first loads (already resolved in the test client) land inside act
  return { ...result, client, session, i18n, user };
}
