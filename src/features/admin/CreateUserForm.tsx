import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAdminText } from '../../i18n/admin.texts';
import type { Role } from '../../shared/protocol/messages';
import type { AreaDirectory } from '../areas/area-directory';
import { DisplayNameField, RoleField } from './AccountFields';
import { AccountAreaFields, areaForRole, missingArea, useAreaLabels, type AreaDraft } from './AccountAreaFields';
import { ActionError } from './ActionError';
import type { AdminApi, AdminUser } from './admin-api';
import { PasswordField, passwordProblem } from './PasswordField';
import { useAction } from './useAction';

const NO_AREA: AreaDraft = { township: '', county: '' };

/** 新建账户: user name, name, initial password, role and the area picked from the registry (the server checks them again). */
export function CreateUserForm({ api, directory, onCreated }: { api: AdminApi; directory: AreaDirectory | null; onCreated: (u: AdminUser) => void }) {
  const { t } = useAdminText();
  const { t: tCommon } = useTranslation();
  const id = useId();
  const { busy, error, run } = useAction();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('worker');
  const [area, setArea] = useState<AreaDraft>(NO_AREA);
  const [missing, setMissing] = useState<string | null>(null);
  const areaLabels = useAreaLabels();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // A worker's township and a supervisor's area scope everything they may read (privacy.md §1).
    const lacking = missingArea(role, area);
    if (lacking) return setMissing(t(lacking));
    const problem = await passwordProblem(tCommon, t('users.password'), password, [username.trim()]);
    if (problem) return setMissing(problem);
    setMissing(null);
    const created = await run(() =>
      api.createUser({
        username: username.trim(),
        password,
        role,
        ...areaForRole(role, area),
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      }),
    );
    if (!created) return;
    setUsername('');
    setDisplayName('');
    setPassword('');
    setArea(NO_AREA);
    onCreated(created);
  };

  const labels = {
    username: t('users.username'),
    password: t('users.password'),
    displayName: t('users.displayName'),
    role: t('users.role'),
    ...areaLabels,
  };
  return (
    <form className="admin-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('users.createTitle')}</h4>
      <div className="field">
        <label htmlFor={`${id}-u`}>{labels.username}</label>
        <input id={`${id}-u`} autoComplete="off" autoCapitalize="none" required value={username} onChange={(e) => setUsername(e.target.value)} aria-describedby={`${id}-uh`} />
        <p id={`${id}-uh`} className="hint">
          {t('users.usernameHint')}
        </p>
      </div>
      <DisplayNameField id={`${id}-n`} label={labels.displayName} value={displayName} onChange={setDisplayName} />
      <PasswordField id={`${id}-p`} label={labels.password} hint={t('users.passwordHint')} value={password} onChange={setPassword} />
      <RoleField id={`${id}-r`} label={labels.role} value={role} onChange={setRole} />
      <AccountAreaFields idPrefix={id} role={role} value={area} onChange={setArea} directory={directory} />
      {missing && (
        <p className="error" role="alert">
          {missing}
        </p>
      )}
      <ActionError error={error} labels={labels} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('users.creating') : t('users.create')}
      </button>
    </form>
  );
}
