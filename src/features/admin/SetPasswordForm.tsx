import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAdminText } from '../../i18n/admin.texts';
import { validationMessage } from '../../i18n/validation-message';
import { loadPasswordCheck, PASSWORD_MIN_LENGTH } from '../../shared/rules/password-policy';
import { ActionError } from './ActionError';
import type { AdminApi, AdminUser } from './admin-api';
import { useAction } from './useAction';

/** 重设密码: the server ends every session of the account at once (SPEC A7); the tablets keep their records. */
export function SetPasswordForm({ api, user, onDone }: { api: AdminApi; user: AdminUser; onDone: (u: AdminUser) => void }) {
  const { t } = useAdminText();
  const { t: tCommon } = useTranslation();
  const id = useId();
  const { busy, error, run } = useAction();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The server's own rule (issue 11 §4), as CreateUserForm checks it: say why before sending anything.
    const issue = (await loadPasswordCheck())(password, [user.username]);
    if (issue) return setProblem(`${t('userEdit.newPassword')}：${validationMessage(tCommon, `password.${issue}`)}`);
    setProblem(null);
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
          minLength={PASSWORD_MIN_LENGTH}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-describedby={`${id}-ph`}
        />
        <p id={`${id}-ph`} className="hint">
          {t('userEdit.newPasswordHint')}
        </p>
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <ActionError error={error} labels={{ password: t('userEdit.newPassword') }} />
      <button type="submit" disabled={busy}>
        {busy ? t('userEdit.settingPassword') : t('userEdit.setPassword')}
      </button>
    </form>
  );
}
