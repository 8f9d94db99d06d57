import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';

/** App name, language switch and, once unlocked, the session's buttons (passed as children). */
export function AppHeader({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <h1 className="app-name">{t('app.name')}</h1>
      <div className="app-header-tools">
        {children}
        <LanguageSwitch />
      </div>
    </header>
  );
}
