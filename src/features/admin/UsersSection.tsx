import { useId, useState } from 'react';
import { useAdminText } from '../../i18n/admin.texts';
import type { AreaDirectory } from '../areas/area-directory';
import { AreaName } from '../areas/AreaName';
import { ActionError } from './ActionError';
import type { AdminApi, AdminUser } from './admin-api';
import { CreateUserForm } from './CreateUserForm';
import { EditUserForm } from './EditUserForm';
import { useAction } from './useAction';

/** 账户: every account with its role and area; disable / enable; create. */
export function UsersSection({
  api,
  directory,
  users,
  selfId,
  onChanged,
  say,
}: {
  api: AdminApi;
  /** The division registry, for names of the area codes and the pickers. */
  directory: AreaDirectory | null;
  users: AdminUser[] | null;
  /** The administrator's own account: the server refuses to disable it, so no button. */
  selfId: string;
  onChanged: () => void;
  say: (message: string) => void;
}) {
  const { t } = useAdminText();
  const id = useId();
  const { busy, error, run } = useAction();
  // The account being edited (issue 10 §7), by id so a refreshed list shows its new values.
  const [editingId, setEditingId] = useState<string | null>(null);
  const editing = users?.find((u) => u.id === editingId) ?? null;

  const toggle = async (u: AdminUser) => {
    const updated = await run(() => api.setUserDisabled(u.id, !u.disabled));
    if (!updated) return;
    say(t(updated.disabled ? 'users.disabledDone' : 'users.enabledDone', { username: updated.username }));
    onChanged();
  };

  return (
    <section className="admin-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('users.title')}</h3>
      <ActionError error={error} />
      {users === null ? (
        <p>{t('loading')}</p>
      ) : users.length === 0 ? (
        <p className="empty">{t('users.empty')}</p>
      ) : (
        <table className="records">
          <thead>
            <tr>
              <th scope="col">{t('users.col.username')}</th>
              <th scope="col">{t('users.col.displayName')}</th>
              <th scope="col">{t('users.col.role')}</th>
              <th scope="col">{t('users.col.township')}</th>
              <th scope="col">{t('users.col.county')}</th>
              <th scope="col">{t('users.col.status')}</th>
              <th scope="col">{t('users.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className={u.disabled ? 'checked-out' : undefined}>
                <th scope="row" data-label={t('users.col.username')}>
                  {u.username}
                </th>
                <td data-label={t('users.col.displayName')}>{u.displayName}</td>
                <td data-label={t('users.col.role')}>{t(`users.roles.${u.role}`)}</td>
                <td data-label={t('users.col.township')}>
                  <AreaName code={u.township} directory={directory} />
                </td>
                <td data-label={t('users.col.county')}>
                  <AreaName code={u.county} directory={directory} />
                </td>
                <td data-label={t('users.col.status')}>{u.disabled ? t('users.disabled') : t('users.active')}</td>
                <td data-label={t('users.col.actions')}>
                  <button type="button" aria-label={t('userEdit.editLabel', { username: u.username })} onClick={() => setEditingId(u.id)}>
                    {t('userEdit.edit')}
                  </button>
                  {u.id !== selfId && (
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={t(u.disabled ? 'users.enableLabel' : 'users.disableLabel', { username: u.username })}
                      onClick={() => void toggle(u)}
                    >
                      {u.disabled ? t('users.enable') : t('users.disable')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <EditUserForm
          key={editing.id}
          api={api}
          directory={directory}
          user={editing}
          onSaved={(_u, message) => {
            say(message);
            onChanged();
          }}
          onClose={() => setEditingId(null)}
        />
      )}
      <CreateUserForm
        api={api}
        directory={directory}
        onCreated={(u) => {
          say(t('users.created', { username: u.username }));
          onChanged();
        }}
      />
    </section>
  );
}
