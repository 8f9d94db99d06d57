import { useTranslation } from 'react-i18next';

/** The password box both login forms share (online login and offline unlock). */
export function PasswordField({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{t('auth.password')}</label>
      <input
        id={id}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
