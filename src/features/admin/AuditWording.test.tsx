import '../../app/test-env';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createTestClient } from '../../app/test-client';
import { renderInSession } from '../../app/test-render';
import type { UnlockedSession } from '../../db/contracts';
import type { AdminDevice, AdminUser, AuditEntry } from './admin-api';
import { AdminPage } from './AdminPage';

const users: AdminUser[] = [
  { id: 'u-admin', username: 'admin', displayName: '管理员', role: 'admin', township: null, county: null, disabled: false, createdAt: '2024-06-01T00:00:00.000Z' },
];
const devices: AdminDevice[] = [{ id: 'dev-0001-aaaa', userId: 'u-admin', name: '县局办公电脑', revoked: false, lastSeen: null, username: 'admin', township: null }];
const entry = (id: number, action: string, deviceId: string | null, entity: string | null = null): AuditEntry => ({
  id, at: '2024-06-21T01:30:00.000Z', userId: 'u-admin', deviceId, township: null, action, entity, recordId: entity ? `${entity}-0001` : null, detail: null,
});
const audit: AuditEntry[] = [
  entry(6, 'policy.create', 'dev-0001-aaaa', 'policy'),
  entry(5, 'event.update', 'dev-0001-aaaa', 'event'),
  entry(4, 'site.create', 'dev-0001-aaaa', 'site'),
  entry(3, 'entitlement.update', 'dev-0001-aaaa', 'entitlement'),
  entry(2, 'flag.open', null, 'flag'),
  entry(1, 'survey.assessed', 'dev-unknown-123456', 'survey'),
];

async function request<T>(method: string, path: string): Promise<T> {
  const url = new URL(path, 'http://x');
  if (method === 'GET' && url.pathname === '/api/admin/users') return { users } as T;
  if (method === 'GET' && url.pathname === '/api/admin/devices') return { devices } as T;
  if (method === 'GET' && url.pathname === '/api/admin/audit') return { entries: audit, nextBefore: null } as T;
  throw new Error(`unexpected ${method} ${path}`);
}

describe('the audit log in words (issue 13 item 10)', () => {
  it('actions translated, device names instead of ids, no raw codes', async () => {
    const client = createTestClient();
    const base = await client.loginOnline('wang', 'pass-1234');
    const session: UnlockedSession = { ...base, user: { ...base.user, id: 'u-admin', username: 'admin', role: 'admin' }, online: () => true, request };
    await renderInSession(<AdminPage />, { client, session });
    const section = (await screen.findByRole('heading', { name: '审计日志' })).closest('section')!;
    await within(section).findByText('显示 6 条');
    const rows = within(section).getAllByRole('row').slice(1);
    const col = (name: string) => {
      const headers = within(section).getAllByRole('columnheader').map((h) => h.textContent);
      const i = headers.indexOf(name);
      return rows.map((r) => r.querySelectorAll('td')[i]!.textContent);
    };
    expect(col('操作')).toEqual(['新建救助政策', '修改灾害事件', '新建安置点', '修改发放标准', '发现疑似重复', '完成入户调查评估']);
    expect(col('设备')).toEqual(['县局办公电脑', '县局办公电脑', '县局办公电脑', '县局办公电脑', '', '设备 …123456']);
    expect(section.textContent).not.toMatch(/policy\.create|dev-0001-aaaa/);
    // The 操作 filter offers them too.
    const filter = within(section).getByLabelText('操作') as HTMLSelectElement;
    expect([...filter.options].map((o) => o.text)).toContain('新建救助政策');
  });
});
