import '../../app/test-env';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createTestClient } from '../../app/test-client';
import { renderInSession } from '../../app/test-render';
import type { FlagView, UnlockedSession } from '../../db/contracts';
import { emptyFigures } from '../../shared/rules/relocation/empty-figures';
import type { CountyReport } from '../../shared/rules/relocation/report-types';
import { CountyReportPage } from './CountyReportPage';

const figures = (people: number) => {
  const f = emptyFigures();
  f.relocated = { cumulative: people, current: people, centralised: { cumulative: people, current: people }, dispersed: { cumulative: 0, current: 0 } };
  f.relief = { cashYuan: 0, goods: [{ kind: 'quilt', unit: '床', quantity: 4, valueYuan: 200 }], goodsValueYuan: 200, householdsReached: 1 };
  return f;
};
const REPORT: CountyReport = { eventId: 'event-0620-flood', eventName: '6·20 洪灾', at: '2024-06-21T02:00:00.000Z', townships: [{ township: '清河镇', ...figures(4) }], total: figures(4) };
const FLAG: FlagView = {
  id: 'flag-0001', township: '清河镇', version: 1, updatedAt: '2024-06-21T01:00:00.000Z', kind: 'double-handout', eventId: 'event-0620-flood', entity: 'relief',
  recordIds: ['relief-a-0001', 'relief-b-0001'], itemKind: 'quilt', round: '1', key: '户主 张卫国 3301**********1231 · 棉被 · 第1轮', townships: ['清河镇'], status: 'open', openedAt: '2024-06-21T01:00:00.000Z',
};

async function open(online = true) {
  const client = createTestClient();
  const base = await client.loginOnline('wang', 'pass-1234');
  const county = {
    report: vi.fn(async () => ({ report: REPORT, generatedAt: '2024-06-21T02:00:05.000Z', skippedRecords: [] })),
    download: vi.fn(async () => ({ blob: new Blob(['x']), filename: '应急统表10-6·20 洪灾.xlsx' })),
    flags: vi.fn(async () => [FLAG]),
    resolveFlag: vi.fn(async () => ({ ...FLAG, status: 'resolved' as const })),
  };
  const session: UnlockedSession = { ...base, user: { ...base.user, role: 'supervisor' }, online: () => online, county };
  const r = await renderInSession(<CountyReportPage />, { client, session });
  return { ...r, county };
}

describe('the county report page', { timeout: 30_000 }, () => {
  it('shows the report by township and in total, downloads the files and resolves a flag with a reason', async () => {
    URL.createObjectURL = vi.fn(() => 'blob:report');
    URL.revokeObjectURL = vi.fn();
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {}); // jsdom cannot download
    const { user, county } = await open();
    expect((screen.getByLabelText('灾害事件') as HTMLSelectElement).value).toBe('event-0620-flood');
    expect((screen.getByLabelText('统计时间') as HTMLInputElement).value).toBe('2024-06-21T10:00');
    await user.click(screen.getByRole('button', { name: '生成报表' }));
    const table = await screen.findByRole('table', { name: '6·20 洪灾 紧急转移安置与救灾情况（按乡镇）' });
    expect(county.report).toHaveBeenCalledWith('event-0620-flood', '2024-06-21T02:00:00.000Z');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['指标', '清河镇', '合计']);
    const row = within(table).getByRole('row', { name: /紧急转移安置人口（累计）/ });
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['4', '4']);
    expect(within(table).getByRole('rowheader', { name: '发放棉被（床）' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: '应急统表10（XLSX）' }));
    await waitFor(() => expect(county.download).toHaveBeenCalledWith('form10', 'xlsx', 'event-0620-flood', '2024-06-21T02:00:00.000Z'));
    await waitFor(() => expect(clicked).toHaveBeenCalled());
    expect((clicked.mock.contexts[0] as HTMLAnchorElement).download).toBe('应急统表10-6·20 洪灾.xlsx');

    const flags = screen.getByRole('region', { name: '重复登记与重复发放' });
    await user.click(await within(flags).findByRole('button', { name: `处理：${FLAG.key}` }));
    await user.click(within(flags).getByRole('button', { name: '提交处理' }));
    expect(within(flags).getByText('请填写理由')).toBeTruthy();
    await user.click(within(flags).getByLabelText('合并（确为同一户或同一次发放）'));
    await user.type(within(flags).getByLabelText('理由'), '同一户，已收回');
    await user.click(within(flags).getByRole('button', { name: '提交处理' }));
    await waitFor(() => expect(county.resolveFlag).toHaveBeenCalledWith('flag-0001', 'merge', '同一户，已收回'));
  });

  it('says it needs the network when the session is offline', async () => {
    await open(false);
    expect(screen.getByText('县级统计需要联网，并以在线方式登录。')).toBeTruthy();
  });
});
