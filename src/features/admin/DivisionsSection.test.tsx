import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveQueueItem } from '../../../sync-server/src/areas/resolve-queue-item';
import { openSqliteStore } from '../../../sync-server/src/store/sqlite-store';
import { clientRig, type ClientRig } from '../../../test/helpers/client-rig';
import { startInProcessServer } from '../../../test/helpers/in-process-server';
import { ManualClock } from '../../../test/helpers/manual-env';
import { renderInSession, TEST_NOW } from '../../../test/helpers/screen-rig';
import { REPO_ROOT } from '../../../test/helpers/server-harness';
import { AdminPage } from './AdminPage';

/**
 * The registry sections of 系统管理 against the real division routes (sync-server/src/routes/divisions.ts),
 * in process, on a copy of the release-1 database (test/fixtures/release-1): its upgrade gives the
 * areas provisional codes and queues what it could not place (the page used to be tested against a
 * stand-in for the routes). Import a CSV, see the divisions, place a queued row.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function renderAdmin() {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-divisions-'));
  const file = join(dir, 'tidemark.sqlite');
  copyFileSync(join(REPO_ROOT, 'test/fixtures/release-1/tidemark.sqlite'), file);
  const clock = new ManualClock(TEST_NOW.getTime());
  const store = openSqliteStore({ file, now: clock.now });
  const server = await startInProcessServer({ store, clock });
  const rig: ClientRig = await clientRig({ server, clock });
  cleanups.push(async () => {
    await rig.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  // One queued row left for the page: the site whose 清河镇 is in two counties (the others settled here).
  const admin = await rig.server.addUser({ username: 'admin-page', password: 'admin-pass-1', role: 'admin' });
  for (const item of await store.listAreaQueue({ open: true })) {
    if (item.recordId !== 'site-qinghe') await resolveQueueItem({ store, clock: clock.now }, item.id, item.candidates[0]!, { userId: admin.id, deviceId: null });
  }
  const session = await rig.client.loginOnline('admin-page', 'admin-pass-1');
  const r = await renderInSession(<AdminPage />, { rig, session });
  return { ...r, rig, store };
}

const section = (heading: string) => screen.getByRole('heading', { name: heading }).closest('section')!;

describe('行政区划 in the administration page', () => {
  it('imports a CSV of codes and names and lists the divisions, provisional ones marked', async () => {
    const { user, store, rig } = await renderAdmin();
    const divisions = await store.listDivisions();
    const provisional = divisions.filter((d) => d.provisional && d.status === 'active');
    expect(provisional.length).toBeGreaterThan(0);
    const s = section('行政区划');
    expect(await within(s).findByText(`共 ${divisions.length} 个区划`)).toBeTruthy();
    expect(within(s).getAllByText('使用中；待录入正式代码')).toHaveLength(provisional.length);
    const sent: unknown[] = [];
    rig.net.always('POST /api/admin/divisions/import', { kind: 'observe', observe: (req) => sent.push(req.json) });
    const file = new File(['130103000000,丰宁县\n'], 'codes.csv', { type: 'text/csv' });
    await user.upload(within(s).getByLabelText('选择 CSV 文件'), file);
    expect(await screen.findByText('已导入 1 个，0 个已存在')).toBeTruthy();
    expect(sent).toEqual([{ csv: '130103000000,丰宁县\n' }]);
    expect(await store.getDivision('130103000000')).toMatchObject({ name: '丰宁县', level: 'county' });
    expect(await within(s).findByRole('rowheader', { name: '130103000000' })).toBeTruthy();
  });

  it('places a queued row in the township the administrator picks', async () => {
    const { user, store } = await renderAdmin();
    const [item] = await store.listAreaQueue({ open: true });
    expect(item).toMatchObject({ kind: 'record', recordId: 'site-qinghe', writtenTownship: '清河镇' });
    expect(item!.candidates).toHaveLength(2);
    const picked = item!.candidates[1]!;
    const s = section('待指定区划的旧数据');
    const pick = await within(s).findByLabelText('所属乡镇 记录 site-qinghe（原填写：清河镇）');
    await user.selectOptions(pick, picked);
    await user.click(within(s).getByRole('button', { name: '指定' }));
    await waitFor(async () => expect(await store.listAreaQueue({ open: true })).toHaveLength(0));
    expect(await store.getAreaQueueItem(item!.id)).toMatchObject({ resolvedCode: picked });
    expect(await store.getRecord('site', 'site-qinghe')).toMatchObject({ township: picked, fields: { township: picked } });
    expect(await within(s).findByText('没有待处理的数据')).toBeTruthy();
  });

  it('retires a provisional township by picking it and its successor, never typing a code', async () => {
    const { user, store } = await renderAdmin();
    const s = section('行政区划');
    await within(s).findByText(/^共 \d+ 个区划$/);
    const provisional = (await store.listDivisions()).filter((d) => d.provisional && d.status === 'active' && d.level === 'township');
    const [from, to] = [provisional[0]!, provisional[1]!];
    const change = within(s).getByRole('group', { name: '修改区划' });
    const which = within(change).getByLabelText('要修改的区划');
    await user.selectOptions(which, within(which).getByRole('option', { name: `${from.name}（${from.code}） （待录入正式代码）` }));
    // Only divisions of the same level are offered as its successor.
    const successor = within(change).getByLabelText('承继区划');
    expect(within(successor).queryAllByRole('option').every((o) => o.getAttribute('value') === '' || o.getAttribute('value')!.endsWith('000'))).toBe(true);
    await user.selectOptions(successor, to.code);
    await user.click(within(change).getByRole('button', { name: '停用并指定承继' }));
    await waitFor(async () => expect(await store.getDivision(from.code)).toMatchObject({ status: 'retired', successorCode: to.code }));
    const row = (await within(s).findByRole('rowheader', { name: from.code })).closest('tr')!;
    await waitFor(() => expect(within(row).getByText(`已停用，承继：${to.name}（${to.code}）；待录入正式代码`)).toBeTruthy());
  });
});
