import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * 退出登录 with records waiting (issue 13 item 9): says how many, and that they stay on this tablet
 * (logging out never deletes unsynced work, privacy.md §5), before anything happens.
 */
export function LogoutConfirm({ pending, onConfirm, onCancel }: { pending: number; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-describedby={`${id}-text`} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
        <h2 id={`${id}-title`}>{t('app.logout')}</h2>
        <p id={`${id}-text`}>{t('logoutConfirm.pending', { count: pending })}</p>
        <div className="form-actions">
          <button type="button" className="primary" onClick={onConfirm}>
            {t('logoutConfirm.confirm')}
          </button>
          <button type="button" ref={cancel} onClick={onCancel}>
            {t('logoutConfirm.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
