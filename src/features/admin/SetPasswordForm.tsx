import { useId, useState, type FormEvent } from 'react';
import { useAdminText } from '../../i18n/admin.texts';
import { ActionError } from './ActionError';
import type { AdminApi, AdminUser } from './admin-api';
import { useAction } from './useAction';

/** 重设密码: the server ends every session of the account at once (SPEC A7); the tablets keep their records. */
export function SetPasswordForm({ api, user, onDone }: { api: AdminApi; user: AdminUser; onDone: (u: AdminUser) => void }) {
  const { t } = useAdminText();
  const id = useId();
  const { busy, error, run } = useAction();
  const [password, setPassword] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const updated = await run(() => api.setUserPassword(user.id, password));
    if (!updated) return;
    setPassword('');
    onDone(updated);
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h5 id={`${id}-title`}>{t('userEdit.passwordTitle')}</h5>
      <div className="field">
        <label htmlFor={`${id}-p`}>{t('userEdit.newPassword')}</label>
        <input
          id={`${id}-p`}
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-describedby={`${id}-ph`}
        />
        <p id={`${id}-ph`} className="hint">
          {t('userEdit.newPasswordHint')}
        </p>
      </div>
      <ActionError error={error} labels={{ password: t('userEdit.newPassword') }} />
      <button type="submit" disabled={busy}>
        {busy ? t('userEdit.settingPassword') : t('userEdit.setPassword')}
      </button>
    </form>
  );
}
