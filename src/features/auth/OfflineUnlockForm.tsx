import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useOnline } from '../../app/useOnline';
import type { KnownAccount } from '../../db/contracts';
import { PasswordField } from './PasswordField';

/** 账户 / 密码 / 解锁: the tablet checks the password against the keys it derived at an online login. */
export function OfflineUnlockForm({
  accounts,
  initialUsername,
  busy,
  onSubmit,
}: {
  accounts: KnownAccount[];
  initialUsername: string | null;
  busy: boolean;
  onSubmit: (username: string, password: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  // Also the lock screen: online, "离线解锁 / 没有网络时…" would be untrue (issue 13 item 10).
  const online = useOnline();
  const [username, setUsername] = useState(
    () => accounts.find((a) => a.username === initialUsername)?.username ?? accounts[0]?.username ?? '',
  );
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (username && password) onSubmit(username, password);
  };
  return (
    <form className="login-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{online ? t('unlockOnline.title') : t('auth.unlockTitle')}</h2>
      <p className="hint">{online ? t('unlockOnline.explain') : t('auth.unlockExplain')}</p>
      <div className="field">
        <label htmlFor={`${id}-a`}>{t('auth.account')}</label>
        <select id={`${id}-a`} name="account" value={username} onChange={(e) => setUsername(e.target.value)}>
          {accounts.map((a) => (
            <option key={a.userId} value={a.username}>
              {a.displayName} ({a.username})
            </option>
          ))}
        </select>
      </div>
      <PasswordField id={`${id}-p`} value={password} onChange={setPassword} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('auth.unlocking') : t('auth.unlock')}
      </button>
    </form>
  );
}
