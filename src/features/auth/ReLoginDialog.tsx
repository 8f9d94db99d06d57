import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { PasswordField } from './PasswordField';

/**
 * 重新登录 in place (issue 13 item 9): the session expired while the tablet is online. The same worker
 * types the password; the screen behind stays as it was (a half-filled form included) and the records
 * waiting upload once the new session syncs. `onLogin` calls the existing online login.
 */
export function ReLoginDialog({ username, onLogin, onClose }: { username: string; onLogin: (password: string) => Promise<void>; onClose: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; details?: unknown } | null>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.querySelector('input')?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!password || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onLogin(password);
    } catch (err) {
      setError(errorCodeOf(err));
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop">
      <div
        ref={box}
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !busy) onClose();
        }}
      >
        <form className="login-form" onSubmit={(e) => void submit(e)}>
          <h2 id={`${id}-title`}>{t('relogin.title')}</h2>
          <p>{t('relogin.explain')}</p>
          <p>{t('relogin.user', { username })}</p>
          {error && (
            <p className="error" role="alert">
              {errorMessage(t, error.code, error.details)}
            </p>
          )}
          <PasswordField id={`${id}-p`} value={password} onChange={setPassword} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t('auth.loggingIn') : t('auth.login')}
            </button>
            <button type="button" onClick={onClose} disabled={busy}>
              {t('relogin.cancel')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
