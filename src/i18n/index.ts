import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zhCN } from './zh-CN';
import { surveyEn } from './survey.en';
import { surveyZhCN } from './survey.zh-CN';
import { relocationNavEn, relocationNavZhCN } from './relocation.nav';
import { adminEn } from './admin.en';
import { adminZhCN } from './admin.zh-CN';
import { referenceAdminNavEn, referenceAdminNavZhCN } from './reference-admin.nav';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
export const LANGUAGE_STORAGE_KEY = 'tidemark.language';

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

/** The language remembered on this tablet, or Chinese. */
export function storedLanguage(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Language {
  try {
    const v = storage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(v) ? v : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE; // storage can be blocked; the default is fine
  }
}

/**
 * A fresh i18next instance (one per app, one per test). Resources are bundled, so init is
 * synchronous and the first render is already translated, offline.
 */
export function createI18n(lng: Language = DEFAULT_LANGUAGE): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN, survey: surveyZhCN, relocationNav: relocationNavZhCN, admin: adminZhCN, referenceAdminNav: referenceAdminNavZhCN }, en: { translation: en, survey: surveyEn, relocationNav: relocationNavEn, admin: adminEn, referenceAdminNav: referenceAdminNavEn } },
    lng,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return instance;
}
