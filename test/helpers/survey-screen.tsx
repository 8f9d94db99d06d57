/**
 * Survey screens on the real client (src/db/client.ts) over fake-indexeddb against the real server in
 * process, on the survey test clock, with the policy synced; screens rendered in the
 * workspace's providers. Made-up people and ID numbers.
 */
import { screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { renderInSession } from './screen-rig';
import type { ClientRig } from './client-rig';
import { surveyRig } from './survey-fixtures';
import type { Language } from '../../src/i18n';
import type { TidemarkSession } from '../../src/app/compose-session';
import { bytesOf, type CompressPhoto } from '../../src/features/survey/compress-photo';

/** jsdom has no canvas: a stand-in that "compresses" to a third of the size. */
export const fakeCompress: CompressPhoto = async (file) => {
  const all = await bytesOf(file);
  return { bytes: all.slice(0, Math.max(1, Math.ceil(all.length / 3))), contentType: 'image/jpeg', originalSize: file.size, compressed: true };
};

export async function inRealSession(
  ui: (rig: ClientRig) => ReactElement,
  opts: { lang?: Language; policy?: null; setup?: (session: TidemarkSession) => Promise<unknown> } = {},
) {
  const rig = await surveyRig(opts.policy === null ? { policy: null } : {});
  const session = await rig.client.loginOnline('wang', 'pw-wang');
  await session.sync.syncNow();
  await opts.setup?.(session);
  let n = 0;
  const r = await renderInSession(ui(rig), {
    rig,
    session,
    now: rig.clock.now,
    lang: opts.lang,
    newId: () => `row-${String(++n).padStart(4, '0')}`,
  });
  return { ...r, rig, session };
}

/** Waits for the form's first step. */
export const formReady = () => screen.findByText(/^第 1 步，共 9 步/);
