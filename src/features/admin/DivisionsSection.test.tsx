import '../../app/test-env';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInSession } from '../../app/test-render';
import { createTestClient } from '../../app/test-client';
import { AppError, type UnlockedSession } from '../../db/contracts';
import type { Division } from '../../shared/schema/division';
import { AdminPage } from './AdminPage';
import type { AreaQueueItem } from './divisions-api';

/**
 * The registry sections of 系统管理 against a stand-in of sync-server/src/routes/divisions.ts (the
 * routes themselves are tested with app.inject in sync-server/test/release-1-upgrade.test.ts and
 * areas-cli.test.ts): import a CSV, see the divisions, place a queued row.
 */
function fakeServer() {
  const divisions: Division[] = [];
  const queue: AreaQueueItem[] = [
    { id: 7, kind: 'record', entity: 'site', recordId: 'site-qinghe', sha256: null, auditId: null, writtenTownship: '清河镇', candidates: ['L00101001000', 'L00102002000'] },
  ];
  const calls: { method: string; path: string; body?: unknown }[] = [];
  const row = (code: string, name: string, level: Division['level']): Division => ({
    code, name, level, parentCode: null, status: 'active', successorCode: null, provisional: code.startsWith('L'), createdAt: '', updatedAt: '',
  });
  divisions.push(row('L00101001000', '清河镇', 'township'), row('L00102002000', '清河镇', 'township'));
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    calls.push({ method, path, body });
    if (method === 'GET' && path === '/api/divisions') return { divisions: structuredClone(divisions) } as T;
    if (method === 'GET' && path === '/api/admin/area-queue') return { items: structuredClone(queue) } as T;
    if (method === 'POST' && path === '/api/admin/divisions/import') {
      const lines = (body as { csv: string }).csv.trim().split('\n').map((l) => l.split(','));
      for (const [code, name] of lines) divisions.push(row(code!, name!, 'county'));
      return { added: lines.length, skipped: 0 } as T;
    }
    if (method === 'POST' && path === '/api/admin/area-queue/7/resolve') {
      queue.splice(0, 1);
      return { item: {} } as T;
    }
    if (method === 'GET' && path === '/api/admin/users') return { users: [] } as T;
    if (method === 'GET' && path === '/api/admin/devices') return { devices: [] } as T;
    if (method === 'GET' && path.startsWith('/api/admin/audit')) return { entries: [], nextBefore: null } as T;
    throw new AppError('NOT_FOUND');
  }
  return { calls, request, queue };
}

async function renderAdmin() {
  const server = fakeServer();
  const client = createTestClient();
  const base = await client.loginOnline('wang', 'pass-1234');
  const session: UnlockedSession = { ...base, user: { ...base.user, id: 'u-admin', username: 'admin', role: 'admin' }, online: () => true, request: server.request };
  const r = await renderInSession(<AdminPage />, { client, session });
  return { ...r, server };
}

const section = (heading: string) => screen.getByRole('heading', { name: heading }).closest('section')!;

describe('行政区划 in the administration page', () => {
  it('imports a CSV of codes and names and lists the divisions, provisional ones marked', async () => {
    const { user, server } = await renderAdmin();
    const s = section('行政区划');
    expect(await within(s).findByText('共 2 个区划')).toBeTruthy();
    expect(within(s).getAllByText('使用中；待录入正式代码')).toHaveLength(2);
    const file = new File(['131125000000,安平县\n'], 'codes.csv', { type: 'text/csv' });
    await user.upload(within(s).getByLabelText('选择 CSV 文件'), file);
    expect(await screen.findByText('已导入 1 个，0 个已存在')).toBeTruthy();
    expect(server.calls.find((c) => c.path === '/api/admin/divisions/import')?.body).toEqual({ csv: '131125000000,安平县\n' });
    expect(await within(s).findByRole('rowheader', { name: '131125000000' })).toBeTruthy();
  });

  it('places a queued row in the township the administrator picks', async () => {
    const { user, server } = await renderAdmin();
    const s = section('待指定区划的旧数据');
    const pick = await within(s).findByLabelText('所属乡镇 记录 site-qinghe（原填写：清河镇）');
    await user.selectOptions(pick, 'L00102002000');
    await user.click(within(s).getByRole('button', { name: '指定' }));
    await waitFor(() => expect(server.queue).toHaveLength(0));
    expect(server.calls.find((c) => c.path === '/api/admin/area-queue/7/resolve')?.body).toEqual({ code: 'L00102002000' });
    expect(await within(s).findByText('没有待处理的数据')).toBeTruthy();
  });
});
