import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAdminText } from '../../i18n/admin.texts';
import { validationMessage } from '../../i18n/validation-message';
import type { Role } from '../../shared/protocol/messages';
import { loadPasswordCheck, PASSWORD_MIN_LENGTH } from '../../shared/rules/password-policy';
import { ActionError } from './ActionError';
import type { AdminApi, AdminUser } from './admin-api';
import { useAction } from './useAction';

const ROLES: Role[] = ['worker', 'supervisor', 'admin'];

/** 新建账户: user name, name, initial password, role, township and county (the server checks them again). */
export function CreateUserForm({ api, onCreated }: { api: AdminApi; onCreated: (u: AdminUser) => void }) {
  const { t } = useAdminText();
  const { t: tCommon } = useTranslation();
  const id = useId();
  const { busy, error, run } = useAction();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('worker');
  const [township, setTownship] = useState('');
  const [county, setCounty] = useState('');
  const [missing, setMissing] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // A worker's township and a supervisor's county scope everything they may read (privacy.md §1).
    if (role === 'worker' && !township.trim()) return setMissing(t('users.townshipNeeded'));
    if (role === 'supervisor' && !county.trim()) return setMissing(t('users.countyNeeded'));
    // The server's own rule (issue 11 §4), loaded on first use: say why before sending anything.
    const problem = (await loadPasswordCheck())(password, [username.trim()]);
    if (problem) return setMissing(`${t('users.password')}：${validationMessage(tCommon, `password.${problem}`)}`);
    setMissing(null);
    const created = await run(() =>
      api.createUser({
        username: username.trim(),
        password,
        role,
        township: township.trim() || null,
        county: county.trim() || null,
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      }),
    );
    if (!created) return;
    setUsername('');
    setDisplayName('');
    setPassword('');
    setTownship('');
    setCounty('');
    onCreated(created);
  };

  const labels = {
    username: t('users.username'),
    password: t('users.password'),
    township: t('users.township'),
    county: t('users.county'),
    displayName: t('users.displayName'),
    role: t('users.role'),
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
      <div className="field">
        <label htmlFor={`${id}-n`}>{labels.displayName}</label>
        <input id={`${id}-n`} autoComplete="off" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-p`}>{labels.password}</label>
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
          {t('users.passwordHint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-r`}>{labels.role}</label>
        <select id={`${id}-r`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`users.roles.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-t`}>{labels.township}</label>
        <input id={`${id}-t`} value={township} onChange={(e) => setTownship(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-c`}>{labels.county}</label>
        <input id={`${id}-c`} value={county} onChange={(e) => setCounty(e.target.value)} />
      </div>
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
