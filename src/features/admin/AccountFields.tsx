import { useAdminText } from '../../i18n/admin.texts';
import { ROLES } from '../../shared/protocol/admin/accounts';
import type { Role } from '../../shared/protocol/messages';

/** The server's bound on a display name (shared/protocol/admin/accounts.ts): the field stops there too. */
const DISPLAY_NAME_MAX = 50;

/** An account's display name, as the create and edit forms both take it. */
export function DisplayNameField({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} autoComplete="off" maxLength={DISPLAY_NAME_MAX} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** An account's role, as the create and edit forms both take it. */
export function RoleField({ id, label, value, onChange }: { id: string; label: string; value: Role; onChange: (r: Role) => void }) {
  const { t } = useAdminText();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`users.roles.${r}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
