import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { clientRig } from '../../../test/helpers/client-rig';
import { TEST_COUNTY } from '../../../test/helpers/in-process-server';
import { ManualClock } from '../../../test/helpers/manual-env';
import { ENTITLEMENTS, EVENT_ID, FAKE_PNG, RIG_NOW_ISO, shelterHousehold, SITE_A, SITE_B, TOWNSHIP } from '../../../test/helpers/relief-fixtures';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { FlagsPanel } from './FlagsPanel';

/**
 * SPEC R8: two workers on two tablets hand quilts to the same head in round 1, so the real server flags a
 * double hand-out; then the county voids one and corrects the other from its page. The flag stays open
 * (R6), and the supervisor resolving it sees the ledger as it now counts beside each hand-out.
 */
async function flaggedThenCorrected(lang?: 'en') {
  const rig = await clientRig({ clock: new ManualClock(Date.parse(RIG_NOW_ISO)) });
  await rig.server.addUser({ username: 'wang', password: 'pw-wang', displayName: '王芳' });
  await rig.server.addUser({ username: 'li', password: 'pw-li', displayName: '李明' });
  await rig.server.addUser({ username: 'zhao', password: 'pw-zhao', displayName: '赵审核', role: 'supervisor', township: null, county: TEST_COUNTY });
  await rig.server.putReference('event', { id: EVENT_ID, name: '6·30 洪灾', hazard: 'flood', startDate: '2025-06-30', townships: [TOWNSHIP], status: 'active' });
  for (const site of [SITE_A, SITE_B]) await rig.server.putReference('site', { ...site });
  for (const e of ENTITLEMENTS) await rig.server.putReference('entitlement', { ...e });
  const handouts: string[] = [];
  for (const [username, siteId] of [['wang', SITE_A.id], ['li', SITE_B.id]] as const) {
    const s = await rig.anotherTablet().loginOnline(username, `pw-${username}`);
    await s.sync.syncNow();
    const { id } = await s.households.save(shelterHousehold({ shelterSiteId: siteId }));
    const { sha256 } = await s.attachments.add(`relief-${id}`, FAKE_PNG, 'image/png');
    const saved = await s.relief.save({
      eventId: EVENT_ID, householdId: id, at: '2025-07-01T06:00:00.000Z', issuingOfficer: username, round: 1,
      item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 100, payment: 'in-kind',
      recipient: { confirmation: 'signature', attachmentSha256: sha256 },
    }, { confirmRepeat: true });
    handouts.push(saved.id);
    await s.sync.syncNow();
  }
  const flag = (await rig.server.records('flag')).map((r) => r.fields as { key: string; kind: string }).find((f) => f.kind === 'double-handout')!;
  const session = await rig.client.loginOnline('zhao', 'pw-zhao');
  const [voided, corrected] = handouts as [string, string];
  await session.county.correctHandout(voided, { action: 'void', reason: '重复发放，已收回' });
  await session.county.correctHandout(corrected, {
    action: 'correct', reason: '实发一床',
    corrected: { item: { category: 'goods', kind: 'quilt' }, quantity: 1, unit: '床', cashValue: 50, payment: 'in-kind' },
  });
  await renderInSession(<FlagsPanel county={session.county} eventId={EVENT_ID} />, { rig, session, ...(lang ? { lang } : {}) });
  const row = (await screen.findByRole('rowheader', { name: flag.key })).closest('tr')!;
  return { row, voided: voided.slice(-6), corrected: corrected.slice(-6) };
}

describe('a double hand-out flag shows its hand-outs voided or corrected since (SPEC R8)', { timeout: 30_000 }, () => {
  it('已作废 and 已更正 with the values that now count, beside the records', async () => {
    const { row, voided, corrected } = await flaggedThenCorrected();
    expect(within(row).getByText(`发放 …${voided} 已作废，不计入（赵审核：重复发放，已收回）`)).toBeTruthy();
    expect(within(row).getByText(`发放 …${corrected} 已更正，现计 棉被 1 床，50 元（赵审核：实发一床）`)).toBeTruthy();
    expect(within(row).getByText('待处理')).toBeTruthy();
  });

  it('in English too', async () => {
    const { row, voided, corrected } = await flaggedThenCorrected('en');
    expect(within(row).getByText(`Hand-out …${voided} voided, not counted (赵审核: 重复发放，已收回)`)).toBeTruthy();
    expect(within(row).getByText(`Hand-out …${corrected} corrected, now counts Quilts 1 床, 50 yuan (赵审核: 实发一床)`)).toBeTruthy();
  });
});
