import { ANPING_QINGHE as QH } from '../../../test/fixtures/areas';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PolicyRecord } from '../../shared/schema/policy';
import { EXAMPLE_POLICY } from './policy-form';
import { referenceServer, renderReferenceAdmin } from '../../../test/helpers/reference-admin-rig';

const POLICY: PolicyRecord = {
  id: 'policy-qh-0001',
  township: QH,
  policyVersion: 3,
  effectiveFrom: '2024-01-01',
  source: '安民发〔2024〕1号',
  parameters: {
    ...EXAMPLE_POLICY,
    standard: { urban: 850, rural: 650 },
    excludedIncome: ['scholarship', 'preferential-care'],
    excludedIncomeTekun: ['preferential-care', 'scholarship', 'old-age-allowance'],
  },
};
/** How the page names the policy's township: by name, with its code (names repeat across counties). */
const NAMED = `清河镇（${QH}）`;
const withPolicy = () => referenceServer([{ entity: 'policy', fields: POLICY }]);
const group = (form: HTMLElement, legend: string) => within(within(form).getByRole('group', { name: legend }));

describe('the eligibility policy on the reference-data page', () => {
  it('round-trips both exclusion lists through an edit (PUT), changed and unchanged', async () => {
    const server = withPolicy();
    const { user } = await renderReferenceAdmin({ server });
    await user.click(screen.getByRole('button', { name: '认定政策' }));
    await user.click(await screen.findByRole('button', { name: `编辑 ${NAMED} v3` }));
    let form = screen.getByRole('form', { name: '编辑认定政策' });
    const dibao = group(form, '低保、低保边缘、刚性支出不计入的收入');
    expect(dibao.getByRole('checkbox', { name: '奖学金' })).toHaveProperty('checked', true);
    expect(dibao.getByRole('checkbox', { name: '高龄津贴' })).toHaveProperty('checked', false);
    expect(group(form, '特困供养不计入的收入').getByRole('checkbox', { name: '高龄津贴' })).toHaveProperty('checked', true);

    await user.click(within(form).getByRole('button', { name: '保存' }));
    await screen.findByText(`已保存：${NAMED} v3`);
    const unchanged = server.writes()[0]!;
    expect(unchanged).toMatchObject({ method: 'PUT', path: `/api/admin/policies/${POLICY.id}` });
    // The same record back, each list in its own order.
    expect(unchanged.body).toEqual(POLICY);

    await user.click(screen.getByRole('button', { name: `编辑 ${NAMED} v3` }));
    form = screen.getByRole('form', { name: '编辑认定政策' });
    await user.click(group(form, '低保、低保边缘、刚性支出不计入的收入').getByRole('checkbox', { name: '工资性收入' }));
    for (const name of ['优待抚恤金', '奖学金', '高龄津贴']) await user.click(group(form, '特困供养不计入的收入').getByRole('checkbox', { name }));
    await user.click(within(form).getByRole('button', { name: '保存' }));
    await screen.findByText(`已保存：${NAMED} v3`);
    const changed = server.writes()[1]!.body as PolicyRecord;
    expect(changed.parameters.excludedIncome).toEqual(['scholarship', 'preferential-care', 'wage']);
    expect(changed.parameters.excludedIncomeTekun).toEqual([]);
  });

  it('starts a new policy from the example figures of eligibility.md, for the administrator’s township', async () => {
    const { user, server } = await renderReferenceAdmin({ user: { township: QH } });
    await user.click(screen.getByRole('button', { name: '认定政策' }));
    await user.click(screen.getByRole('button', { name: '新建认定政策' }));
    const form = await screen.findByRole('form', { name: '新建认定政策' });
    expect(within(form).getByText('新政策预填的是示例数字，请按本地文件逐项核对修改。')).toBeTruthy();
    expect(within(form).getByLabelText('城市低保标准（元/人·月）')).toHaveProperty('value', '800');
    expect(within(form).getByLabelText('农村低保标准（元/人·月）')).toHaveProperty('value', '600');
    expect(within(form).getByLabelText('乡镇')).toHaveProperty('value', QH);
    await user.click(within(form).getByRole('button', { name: '保存' }));
    await screen.findByText(`已新建：${NAMED} v1`);
    expect(server.writes()[0]).toMatchObject({
      method: 'POST',
      path: '/api/admin/policies',
      body: { id: 'test-id-0001', township: QH, policyVersion: 1, parameters: EXAMPLE_POLICY },
    });
  });

  it('saves a new version as a new record, leaving the old one', async () => {
    const server = withPolicy();
    const { user } = await renderReferenceAdmin({ server });
    await user.click(screen.getByRole('button', { name: '认定政策' }));
    await user.click(await screen.findByRole('button', { name: `基于 ${NAMED} v3 建新版本` }));
    const form = screen.getByRole('form', { name: '新版本认定政策' });
    expect(within(form).getByLabelText('政策版本')).toHaveProperty('value', '4');
    await user.clear(within(form).getByLabelText('城市低保标准（元/人·月）'));
    await user.type(within(form).getByLabelText('城市低保标准（元/人·月）'), '0');
    await user.click(within(form).getByRole('button', { name: '保存' }));
    expect(await within(form).findByText('必须大于 0')).toBeTruthy();

    await user.clear(within(form).getByLabelText('城市低保标准（元/人·月）'));
    await user.type(within(form).getByLabelText('城市低保标准（元/人·月）'), '900');
    await user.click(within(form).getByRole('button', { name: '保存' }));
    await screen.findByText(`已新建：${NAMED} v4`);
    const { effectiveFrom: _from, ...rest } = POLICY;
    expect(server.writes()[0]).toMatchObject({ method: 'POST', path: '/api/admin/policies' });
    expect(server.writes()[0]!.body).toEqual({ ...rest, id: 'test-id-0001', policyVersion: 4, parameters: { ...rest.parameters, standard: { urban: 900, rural: 650 } } });
    expect(await server.count('policy')).toBe(2);
  });
});
