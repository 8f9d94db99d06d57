import { describe, expect, it, vi } from 'vitest';
import { addAdminTexts } from './admin.texts';
import { createI18n, loadLanguage, setLanguage } from './index';
import { addSurveyTexts } from './survey.texts';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}

// One file, one module instance: the order matters (English is not loaded before the second test).
describe('the initial JS holds Chinese only', () => {
  it('starts in Chinese with only the first screen\'s namespaces; feature texts come with their screens', () => {
    const i18n = createI18n('zh-CN');
    expect(i18n.hasResourceBundle('en', 'translation')).toBe(false);
    for (const ns of ['translation', 'surveyNav', 'relocationNav', 'adminNav', 'referenceAdminNav']) expect(i18n.hasResourceBundle('zh-CN', ns), ns).toBe(true);
    for (const ns of ['survey', 'admin']) expect(i18n.hasResourceBundle('zh-CN', ns), ns).toBe(false);
    expect(i18n.t('surveyNav:nav')).toBe('入户调查');
    expect(i18n.t('adminNav:reveal.show')).toBe('显示');
    addSurveyTexts(i18n);
    addAdminTexts(i18n);
    expect(i18n.t('survey:list.title')).toBe('入户调查');
    expect(i18n.t('admin:title')).toBe('系统管理');
  });

  it('asked for English before it loaded, starts in Chinese and switches once it is in', async () => {
    const i18n = createI18n('en');
    expect(i18n.language).toBe('zh-CN');
    await vi.waitFor(() => expect(i18n.language).toBe('en'));
    expect(i18n.t('app.lock')).toBe('Lock');
  });

  it('switches only after the English bundle is in, never showing keys; back to Chinese at once', async () => {
    const i18n = createI18n('zh-CN');
    addSurveyTexts(i18n); // a feature loaded in Chinese gets English too
    await setLanguage(i18n, 'en');
    expect(i18n.language).toBe('en');
    expect(i18n.t('app.lock')).toBe('Lock');
    expect(i18n.t('surveyNav:menu')).toBe('Main menu');
    expect(i18n.t('adminNav:reveal.failed')).toBe('Cannot show');
    expect(i18n.t('survey:list.title')).toBe('Household surveys');
    addAdminTexts(i18n);
    expect(i18n.t('admin:title')).toBe('Administration');
    const back = setLanguage(i18n, 'zh-CN');
    await back;
    expect(i18n.t('app.lock')).toBe('锁定');
    // Loaded once per page: a new instance (a test, the next app) starts in English synchronously.
    expect(createI18n('en').t('app.logout')).toBe('Log out');
  });

  it('English has every namespace and key of the bundled Chinese, none empty', async () => {
    await loadLanguage('en');
    const { enTexts } = await import('./en.bundle');
    const zh = createI18n('zh-CN');
    for (const [ns, bundle] of Object.entries(enTexts)) {
      const zhBundle = zh.getResourceBundle('zh-CN', ns) as object;
      expect(keys(bundle).sort(), ns).toEqual(keys(zhBundle).sort());
      for (const k of keys(bundle)) expect(zh.getFixedT('en', ns)(k), `${ns}:${k}`).not.toBe('');
    }
  });
});

describe('switching twice in a row', () => {
  it('keeps the last choice, even when an earlier one finishes loading later', async () => {
    vi.resetModules(); // a fresh module: English not loaded yet
    const fresh = await import('./index');
    const i18n = fresh.createI18n('zh-CN');
    const first = fresh.setLanguage(i18n, 'en'); // waits for the English chunk
    const second = fresh.setLanguage(i18n, 'zh-CN'); // bundled: switches at once
    await Promise.all([first, second]);
    expect(i18n.language).toBe('zh-CN');
    await fresh.setLanguage(i18n, 'en');
    expect(i18n.t('app.lock')).toBe('Lock');
  });
});
