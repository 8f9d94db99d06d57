import type { TFunction } from 'i18next';
import { validationMessage } from '../../i18n/validation-message';
import { loadPasswordCheck, PASSWORD_MIN_LENGTH } from '../../shared/rules/password-policy';

/**
 * A new password, for 新建账户 and 重设密码 alike: a masked field with its hint, and the server's own
 * policy (issue 11 §4) checked before anything is sent.
 */
export function PasswordField({ id, label, hint, value, onChange }: { id: string; label: string; hint: string; value: string; onChange: (v: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
    </div>
  );
}

/** Why the policy refuses `password` ("label：reason"), or null; the policy's dictionaries load on first use. */
export async function passwordProblem(tCommon: TFunction, label: string, password: string, userInputs: string[]): Promise<string | null> {
  const problem = (await loadPasswordCheck())(password, userInputs);
  return problem ? `${label}：${validationMessage(tCommon, `password.${problem}`)}` : null;
}
