import { useId, useState, type FormEvent } from 'react';
import { useAdminText } from '../../i18n/admin.texts';
import type { Role } from '../../shared/protocol/messages';
import { ActionError } from './ActionError';
import type { AccountEdit, AdminApi, AdminUser } from './admin-api';
import { SetPasswordForm } from './SetPasswordForm';
import { useAction } from './useAction';

const ROLES: Role[] = ['worker', 'supervisor', 'admin'];

/** Only the fields that differ from the account: the server ends sessions for a role or area change (SPEC A7). */
function diff(user: AdminUser, v: { displayName: string; role: Role; township: string; county: string }): AccountEdit {
  const edit: AccountEdit = {};
  const area = (s: string) => s.trim() || null;
  if (v.displayName.trim() && v.displayName.trim() !== user.displayName) edit.displayName = v.displayName.trim();
  if (v.role !== user.role) edit.role = v.role;
  if (area(v.township) !== user.township) edit.township = area(v.township);
  if (area(v.county) !== user.county) edit.county = area(v.county);
  return edit;
}

/**
 * 编辑账户 (issue 10 §7): name, role, township and county, and a new password. The form says before
 * saving that a role or area change signs the account out everywhere and that nothing waiting on its
 * tablets is lost. The server checks everything again (a worker's township, a supervisor's county, the
 * last administrator).
 */
export function EditUserForm({
  api,
  user,
  onSaved,
  onClose,
}: {
  api: AdminApi;
  user: AdminUser;
  onSaved: (u: AdminUser, message: string) => void;
  onClose: () => void;
}) {
  const { t } = useAdminText();
  const id = useId();
  const { busy, error, run } = useAction();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  const [township, setTownship] = useState(user.township ?? '');
  const [county, setCounty] = useState(user.county ?? '');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (role === 'worker' && !township.trim()) return setProblem(t('users.townshipNeeded'));
    if (role === 'supervisor' && !county.trim()) return setProblem(t('users.countyNeeded'));
    const edit = diff(user, { displayName, role, township, county });
    if (Object.keys(edit).length === 0) return setProblem(t('userEdit.nothingChanged'));
    setProblem(null);
    const updated = await run(() => api.editUser(user.id, edit));
    if (!updated) return;
    const signedOut = edit.role !== undefined || edit.township !== undefined || edit.county !== undefined;
    onSaved(updated, t(signedOut ? 'userEdit.savedSignedOut' : 'userEdit.saved', { username: updated.username }));
  };

  const labels = {
    displayName: t('users.displayName'),
    role: t('users.role'),
    township: t('users.township'),
    county: t('users.county'),
  };
  return (
    <section className="admin-form" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('userEdit.title', { username: user.username })}</h4>
      <form onSubmit={(e) => void submit(e)} aria-describedby={`${id}-explain`}>
        <p id={`${id}-explain`} className="hint">
          {t('userEdit.explain')}
        </p>
        <div className="field">
          <label htmlFor={`${id}-n`}>{labels.displayName}</label>
          <input id={`${id}-n`} autoComplete="off" maxLength={50} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
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
          <input id={`${id}-t`} maxLength={64} value={township} onChange={(e) => setTownship(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-c`}>{labels.county}</label>
          <input id={`${id}-c`} maxLength={64} value={county} onChange={(e) => setCounty(e.target.value)} />
        </div>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <ActionError error={error} labels={labels} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('userEdit.saving') : t('userEdit.save')}
        </button>
        <button type="button" onClick={onClose}>
          {t('userEdit.close')}
        </button>
      </form>
      <SetPasswordForm api={api} user={user} onDone={(u) => onSaved(u, t('userEdit.passwordDone', { username: u.username }))} />
    </section>
  );
}
