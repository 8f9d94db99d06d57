import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, LANGUAGE_STORAGE_KEY, LANGUAGES } from '../i18n';

/** 语言 / Language: switches at once and is remembered on this tablet. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const change = (lng: string) => {
    if (!isLanguage(lng)) return;
    void i18n.changeLanguage(lng);
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
      <select id={id} value={i18n.language} onChange={(e) => change(e.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`app.languages.${l}`)}
          </option>
        ))}
      </select>
    </span>
  );
}
