import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordField } from './PasswordField';

/** 用户名 / 密码 / 登录: the server checks the password. */
export function OnlineLoginForm({ busy, onSubmit }: { busy: boolean; onSubmit: (username: string, password: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (username.trim() && password) onSubmit(username.trim(), password);
  };
  return (
    <form className="login-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('auth.title')}</h2>
      <div className="field">
        <label htmlFor={`${id}-u`}>{t('auth.username')}</label>
        <input
          id={`${id}-u`}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          required
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </div>
      <PasswordField id={`${id}-p`} value={password} onChange={setPassword} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('auth.loggingIn') : t('auth.login')}
      </button>
    </form>
  );
}
