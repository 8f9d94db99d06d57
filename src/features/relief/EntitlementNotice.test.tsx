import { cleanup, render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import { ENTITLEMENTS, HANDOUTS } from '../../../test/fixtures/relocation-event';
import { checkEntitlement } from '../../shared/rules/relocation/check-entitlement';
import { EntitlementNotice } from './EntitlementNotice';

afterEach(cleanup);

const h = (id: string) => HANDOUTS.find((x) => x.handout.id === id)!.handout;
const show = (check: ReturnType<typeof checkEntitlement>, unit: string) =>
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <EntitlementNotice check={check} unit={unit} confirmed={false} onConfirm={() => undefined} />
    </I18nextProvider>,
  ).container.textContent ?? '';

describe('the entitlement notice says cash once (issue 13 item 13)', () => {
  it('a cash item: "共 500 元", never "共 500 元、500 元"', () => {
    const first = { ...h('relief-01'), quantity: 500, cashValue: 500 };
    const second = { ...h('relief-01'), id: 'relief-01-again', quantity: 300, cashValue: 300 };
    const text = show(checkEntitlement(second, [first], ENTITLEMENTS), '元');
    expect(text).toContain('该户本轮已在本平板领取 1 次，共 500 元。');
    expect(text).not.toMatch(/500 元、500 元/);
  });

  it('goods keep both: quantity in their unit and the converted value', () => {
    const text = show(checkEntitlement({ ...h('relief-02'), id: 'relief-02-b', quantity: 1, cashValue: 50 }, [h('relief-02')], ENTITLEMENTS), '床');
    expect(text).toContain('共 4 床、200 元。');
  });
});
