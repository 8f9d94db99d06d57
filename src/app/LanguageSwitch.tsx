import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, LANGUAGE_STORAGE_KEY, LANGUAGES, setLanguage } from '../i18n';

/**
 * 语言 / Language: switches at once (English is its own small chunk, loaded before the switch so no
 * label shows a raw key) and is remembered on this tablet.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const latest = useRef<string | null>(null);
  const change = async (lng: string) => {
    if (!isLanguage(lng)) return;
    latest.current = lng;
    try {
      await setLanguage(i18n, lng);
    } catch {
      return; // its chunk cannot load (should not happen: the service worker precaches it); stay as is
    }
    if (latest.current !== lng) return; // the worker picked another language while this one loaded
    document.documentElement.lang = lng;
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
    } catch {
      // storage blocked: the choice lasts for this page only
    }
  };
  return (
    <span className="language-switch">
      <label htmlFor={id}>{t('app.language')}</label>
      <select id={id} value={i18n.language} onChange={(e) => void change(e.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`app.languages.${l}`)}
          </option>
        ))}
      </select>
    </span>
  );
}
