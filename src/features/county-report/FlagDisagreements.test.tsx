import '../../app/test-env';
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createTestClient } from '../../app/test-client';
import { renderInSession } from '../../app/test-render';
import type { FlagView, UnlockedSession } from '../../db/contracts';
import { FlagsPanel } from './FlagsPanel';

const FLAG: FlagView = {
  id: 'flag-0002', township: '柳林乡', version: 1, updatedAt: '2024-06-21T01:00:00.000Z', kind: 'duplicate-person', eventId: 'event-0620-flood', entity: 'household',
  recordIds: ['hh-ll-000009', 'hh-ll-000013'], key: '户主、成员 郑明 4115**********1234', townships: ['柳林乡'], status: 'open', openedAt: '2024-06-21T01:00:00.000Z',
  occurrences: [{ householdId: 'hh-ll-000009', role: 'member', memberId: 'member-09-2' }, { householdId: 'hh-ll-000013', role: 'head' }],
  disagreements: [
    { field: 'casualty', counted: 'hh-ll-000013', values: [{ householdId: 'hh-ll-000009', value: 'injured' }, { householdId: 'hh-ll-000013', value: 'none' }] },
    { field: 'needsEmergencySupport', counted: 'hh-ll-000013', values: [{ householdId: 'hh-ll-000009', value: 'yes' }, { householdId: 'hh-ll-000013', value: 'no' }] },
  ],
};

describe('a duplicate-person flag shows where the registrations disagree (issue 13 item 3)', () => {
  it('each fact with every registration’s value and the one the report counts', async () => {
    const client = createTestClient();
    const base = await client.loginOnline('wang', 'pass-1234');
    const county = { report: vi.fn(), download: vi.fn(), flags: vi.fn(async () => [FLAG]), resolveFlag: vi.fn() };
    const session: UnlockedSession = { ...base, user: { ...base.user, role: 'supervisor' }, online: () => true, county: county as never };
    await renderInSession(<FlagsPanel county={county as never} eventId="event-0620-flood" />, { client, session });
    const row = (await screen.findByRole('rowheader', { name: /郑明/ })).closest('tr')!;
    expect(within(row).getByText('伤亡情况不一致：受伤（成员，记录 …000009）、无（户主，记录 …000013）；统计采用记录 …000013')).toBeTruthy();
    expect(within(row).getByText('需紧急生活救助不一致：是（成员，记录 …000009）、否（户主，记录 …000013）；统计采用记录 …000013')).toBeTruthy();
  });
});
