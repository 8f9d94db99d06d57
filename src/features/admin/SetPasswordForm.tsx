import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAdminText } from '../../i18n/admin.texts';
import { ActionError } from './ActionError';
import type { AdminApi, AdminUser } from './admin-api';
import { PasswordField, passwordProblem } from './PasswordField';
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
    const issue = await passwordProblem(tCommon, t('userEdit.newPassword'), password, [user.username]);
    if (issue) return setProblem(issue);
    setProblem(null);
    const updated = await run(() => api.setUserPassword(user.id, password));
    if (!updated) return;
    setPassword('');
    onDone(updated);
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h5 id={`${id}-title`}>{t('userEdit.passwordTitle')}</h5>
      <PasswordField id={`${id}-p`} label={t('userEdit.newPassword')} hint={t('userEdit.newPasswordHint')} value={password} onChange={setPassword} />
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
