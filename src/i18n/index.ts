import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { adminNavZhCN } from './admin.nav';
import { referenceAdminNavZhCN } from './reference-admin.nav';
import { relocationNavZhCN } from './relocation.nav';
import { surveyNavZhCN } from './survey.nav';
import { zhCN } from './zh-CN';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const DEFAULT_LANGUAGE: Language = 'zh-CN';
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
 * The namespaces the first screen needs, in Chinese (the default, bundled with the app). Each feature's
 * own namespace (survey, admin, relocation, relief, referenceAdmin) loads with its screens
 * (*.texts.ts), in both languages.
 */
const zhTexts = {
  translation: zhCN,
  surveyNav: surveyNavZhCN,
  relocationNav: relocationNavZhCN,
  adminNav: adminNavZhCN,
  referenceAdminNav: referenceAdminNavZhCN,
};
type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
/** The shape every other language's bundle must have (en.bundle.ts): same namespaces, same keys. */
export type BundledTexts = DeepStrings<typeof zhTexts>;

/** The other languages, each its own chunk (precached by the service worker, so it loads offline too). */
const LOADERS: Record<Exclude<Language, 'zh-CN'>, () => Promise<BundledTexts>> = {
  en: () => import('./en.bundle').then((m) => m.enTexts),
};

const loaded = new Map<Language, BundledTexts>([['zh-CN', zhTexts]]);
const loading = new Map<Language, Promise<BundledTexts>>();
/** The language each instance was last asked for (setLanguage). */
const wanted = new WeakMap<i18n, Language>();

/** Loads a language's bundle once per page (a no-op for Chinese). Rejects if its chunk cannot load. */
export function loadLanguage(lng: Language): Promise<void> {
  if (loaded.has(lng)) return Promise.resolve();
  let p = loading.get(lng);
  if (!p) {
    p = LOADERS[lng as Exclude<Language, 'zh-CN'>]().then(
      (texts) => {
        loaded.set(lng, texts);
        return texts;
      },
      (e: unknown) => {
        loading.delete(lng); // let the next switch try again
        throw e;
      },
    );
    loading.set(lng, p);
  }
  return p.then(() => undefined);
}

function addLanguage(instance: i18n, lng: Language): void {
  const texts = loaded.get(lng);
  if (!texts) return;
  for (const [ns, bundle] of Object.entries(texts)) {
    if (!instance.hasResourceBundle(lng, ns)) instance.addResourceBundle(lng, ns, bundle);
  }
}

/**
 * Switches an instance to a language, loading its bundle first (so every label changes at once, never
 * to raw keys). Chinese, or a language already loaded, switches without waiting for a chunk.
 */
export async function setLanguage(instance: i18n, lng: Language): Promise<void> {
  wanted.set(instance, lng);
  if (!loaded.has(lng)) await loadLanguage(lng);
  if (wanted.get(instance) !== lng) return; // switched again while this one loaded: the last choice wins
  addLanguage(instance, lng);
  await instance.changeLanguage(lng);
}

/**
 * A fresh i18next instance (one per app, one per test). Chinese and any language already loaded
 * (loadLanguage) are in memory, so init is synchronous and the first render is already translated,
 * offline. Asked for a language not loaded yet, it starts in Chinese and switches once that loads.
 */
export function createI18n(lng: Language = DEFAULT_LANGUAGE): i18n {
  const instance = i18next.createInstance();
  // Fresh objects per instance: addResourceBundle must not leak one instance's namespaces into the next.
  const resources = Object.fromEntries([...loaded].map(([l, texts]) => [l, { ...texts }]));
  const ready = loaded.has(lng);
  void instance.use(initReactI18next).init({
    resources,
    lng: ready ? lng : DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  if (!ready) setLanguage(instance, lng).catch(() => {}); // cannot load: stays in Chinese
  return instance;
}

/** createI18n once the language's bundle is in (the app's start: an English tablet opens in English). */
export async function initI18n(lng: Language = DEFAULT_LANGUAGE): Promise<i18n> {
  await loadLanguage(lng).catch(() => {}); // cannot load: start in Chinese
  return createI18n(loaded.has(lng) ? lng : DEFAULT_LANGUAGE);
}
