import '../../app/test-env';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createTestClient } from '../../app/test-client';
import { renderInSession } from '../../app/test-render';
import type { ConflictListItem, UnlockedSession } from '../../db/contracts';
import { ConflictsPage } from './ConflictsPage';

const FULL_ID = '330106198503121231';

function conflicts(items: ConflictListItem[]): NonNullable<UnlockedSession['conflicts']> {
  return { list: async () => items, openCount: async () => items.length, resolve: async () => ({ saved: true }) };
}
const value = (shown: unknown, thisTablet: boolean, at: string) => ({ value: shown, shown, at, device: thisTablet ? 'device-aaaaaa' : 'device-bbbbbb', thisTablet, current: !thisTablet });

describe('the conflict page speaks the form’s words (issue 13 item 10)', () => {
  it('受灾户, the form’s labels for the parts of a field, masked ID numbers, 是/否 and China times', async () => {
    const client = createTestClient();
    const base = await client.loginOnline('wang', 'pass-1234');
    const items: ConflictListItem[] = [
      {
        id: 'cf-head', entity: 'household', recordId: 'hh-1', field: 'head', headName: '张建国', onTablet: true, updatedAt: '2024-06-21T01:00:00.000Z',
        values: [
          value({ name: '张建国', idNumber: '3301**********1231', phone: '13800000001' }, false, '2024-06-21T01:00:00.000Z'),
          // A full number in a value never reaches the screen.
          value({ name: '张建国', idNumber: FULL_ID }, true, '2024-06-21T00:30:00.000Z'),
        ],
      },
      {
        id: 'cf-support', entity: 'household', recordId: 'hh-1', field: 'needsEmergencySupport', headName: '张建国', onTablet: true, updatedAt: '2024-06-21T01:00:00.000Z',
        values: [value(true, false, '2024-06-21T01:00:00.000Z'), value(false, true, '2024-06-21T00:30:00.000Z')],
      },
      {
        id: 'cf-out', entity: 'household', recordId: 'hh-1', field: 'checkOut', headName: '张建国', onTablet: true, updatedAt: '2024-06-21T01:00:00.000Z',
        values: [value({ at: '2024-06-22T02:00:00.000Z', destination: 'relatives' }, false, '2024-06-21T01:00:00.000Z'), value(null, true, '2024-06-21T00:30:00.000Z')],
      },
    ];
    await renderInSession(<ConflictsPage />, { client, session: { ...base, conflicts: conflicts(items) } });
    const head = await screen.findByRole('list', { name: '受灾户 张建国「户主信息」的候选值' });
    expect(within(head).getByText('户主姓名：张建国，身份证号：3301**********1231，联系电话：13800000001')).toBeTruthy();
    expect(within(head).getByText('户主姓名：张建国，身份证号：3301**********1231')).toBeTruthy();
    expect(document.body.textContent).not.toContain(FULL_ID);
    expect(document.body.textContent).not.toMatch(/idNumber|name:|安置户/);
    const support = screen.getByRole('list', { name: '受灾户 张建国「需紧急生活救助」的候选值' });
    expect(within(support).getByText('是')).toBeTruthy();
    expect(within(support).getByText('否')).toBeTruthy();
    const out = screen.getByRole('list', { name: '受灾户 张建国「离开安置」的候选值' });
    expect(within(out).getByText('离开时间：2024-06-22 10:00，去向：投亲靠友')).toBeTruthy();
  });
});
