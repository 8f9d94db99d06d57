import { describe, expect, it } from 'vitest';
import { createI18n } from './index';
import { relocationNavEn, relocationNavZhCN } from './relocation.nav';
import { relocationEn } from './relocation.en';
import { relocationZhCN } from './relocation.zh-CN';
import { addRelocationTexts } from './relocation.texts';
import { reliefEn } from './relief.en';
import { reliefZhCN } from './relief.zh-CN';
import { addReliefTexts } from './relief.texts';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}
const value = (o: object, k: string) => k.split('.').reduce<unknown>((x, p) => (x as Record<string, unknown>)[p], o);

describe('the relocation and relief translations', () => {
  it.each([
    ['relocationNav', relocationNavZhCN, relocationNavEn],
    ['relocation', relocationZhCN, relocationEn],
    ['relief', reliefZhCN, reliefEn],
  ] as const)('%s: the same keys in both languages, none empty', (_ns, zh, en) => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
    for (const lang of [zh, en]) for (const k of keys(lang)) expect(value(lang, k), k).not.toBe('');
  });

  it('load with their screens, once, in both languages; the language switch reaches them', async () => {
    const i18n = createI18n('zh-CN');
    expect(i18n.hasResourceBundle('zh-CN', 'relief')).toBe(false);
    addReliefTexts(i18n);
    addReliefTexts(i18n);
    addRelocationTexts(i18n);
    expect(i18n.t('relief:county.title')).toBe('县级统计报表');
    expect(i18n.t('relocation:stay.transfer')).toBe('转移');
    expect(i18n.t('relocationNav:nav.relief')).toBe('救灾款物发放');
    await i18n.changeLanguage('en');
    expect(i18n.t('relief:county.title')).toBe('County report');
    expect(i18n.t('relocation:stay.checkOut')).toBe('Check out');
  });
});
