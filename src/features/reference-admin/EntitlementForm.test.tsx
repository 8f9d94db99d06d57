import { ANPING_QINGHE as QH } from '../../../test/fixtures/areas';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { referenceServer, renderReferenceAdmin } from '../../../test/helpers/reference-admin-rig';

const EVENT = { id: 'event-0620-flood', name: '6·20 洪灾', hazard: 'flood', startDate: '2024-06-20', townships: [QH], status: 'active' };

describe('relief entitlements on the reference-data page', () => {
  it('needs a quantity or a value, and saves a county-wide entitlement with township null', async () => {
    const server = referenceServer([{ entity: 'event', fields: EVENT }]);
    const { user } = await renderReferenceAdmin({ server });
    await user.click(screen.getByRole('button', { name: '救助标准' }));
    await user.click(screen.getByRole('button', { name: '新建救助标准' }));
    const form = await screen.findByRole('form', { name: '新建救助标准' });
    expect(within(form).getByLabelText('灾害事件')).toHaveProperty('value', EVENT.id); // the newest active event
    await user.selectOptions(within(form).getByLabelText('款物种类'), 'quilt');
    await user.click(within(form).getByRole('button', { name: '保存' }));
    expect(await within(form).findByText('每户最多数量和最高金额至少填一项')).toBeTruthy();
    expect(server.writes()).toEqual([]);

    await user.type(within(form).getByLabelText('每户最多数量'), '2');
    await user.type(within(form).getByLabelText('单位'), '床');
    await user.click(within(form).getByRole('button', { name: '保存' }));
    await screen.findByText('已新建：6·20 洪灾 1 棉被');
    expect(server.writes()[0]).toMatchObject({
      method: 'POST',
      path: '/api/admin/entitlements',
      body: { id: 'test-id-0001', eventId: EVENT.id, round: 1, itemKind: 'quilt', maxQuantity: 2, unit: '床', oncePerRound: true, township: null },
    });
    const row = screen.getByRole('cell', { name: '棉被' }).closest('tr')!;
    expect(within(row).getByText('全县')).toBeTruthy();
    expect(within(row).getByText('2床')).toBeTruthy();
  });
});
