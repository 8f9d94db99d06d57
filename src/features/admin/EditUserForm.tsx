import { useId, useState, type FormEvent } from 'react';
import { useAdminText } from '../../i18n/admin.texts';
import type { Role } from '../../shared/protocol/messages';
import type { AreaDirectory } from '../areas/area-directory';
import { DisplayNameField, RoleField } from './AccountFields';
import { AccountAreaFields, areaForRole, missingArea, useAreaLabels, type AreaDraft } from './AccountAreaFields';
import { ActionError } from './ActionError';
import type { AccountEdit, AdminApi, AdminUser } from './admin-api';
import { SetPasswordForm } from './SetPasswordForm';
import { useAction } from './useAction';

/**
 * Only the fields that differ from the account: the server ends sessions for a role or area change (SPEC A7).
 * A role change sends the area the new role has (the server drops the others).
 */
function diff(user: AdminUser, v: { displayName: string; role: Role; area: AreaDraft }): AccountEdit {
  const edit: AccountEdit = {};
  const roleChanged = v.role !== user.role;
  const next = areaForRole(v.role, v.area);
  if (v.displayName.trim() && v.displayName.trim() !== user.displayName) edit.displayName = v.displayName.trim();
  if (roleChanged) edit.role = v.role;
  if (v.role === 'worker' && (roleChanged || next.township !== user.township)) edit.township = next.township;
  if (v.role === 'supervisor' && (roleChanged || next.county !== user.county)) edit.county = next.county;
  return edit;
}

/**
 * 编辑账户 (issue 10 §7): name, role, the area picked from the registry, and a new password. The form says before
 * saving that a role or area change signs the account out everywhere and that nothing waiting on its
 * tablets is lost. The server checks everything again (a worker's township, a supervisor's county, the
 * last administrator).
 */
export function EditUserForm({
  api,
  user,
  directory,
  onSaved,
  onClose,
}: {
  api: AdminApi;
  user: AdminUser;
  directory: AreaDirectory | null;
  onSaved: (u: AdminUser, message: string) => void;
  onClose: () => void;
}) {
  const { t } = useAdminText();
  const id = useId();
  const { busy, error, run } = useAction();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  // A worker's county prefills the picker if the role becomes supervisor.
  const [area, setArea] = useState<AreaDraft>({ township: user.township ?? '', county: user.county ?? '' });
  const [problem, setProblem] = useState<string | null>(null);
  const areaLabels = useAreaLabels();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const lacking = missingArea(role, area);
    if (lacking) return setProblem(t(lacking));
    const edit = diff(user, { displayName, role, area });
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
    ...areaLabels,
  };
  return (
    <section className="admin-form" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('userEdit.title', { username: user.username })}</h4>
      <form onSubmit={(e) => void submit(e)} aria-describedby={`${id}-explain`}>
        <p id={`${id}-explain`} className="hint">
          {t('userEdit.explain')}
        </p>
        <DisplayNameField id={`${id}-n`} label={labels.displayName} value={displayName} onChange={setDisplayName} />
        <RoleField id={`${id}-r`} label={labels.role} value={role} onChange={setRole} />
        <AccountAreaFields idPrefix={id} role={role} value={area} onChange={setArea} directory={directory} />
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
