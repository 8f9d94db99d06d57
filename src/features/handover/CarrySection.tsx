import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CarriedFile, TabletHandoverApi } from '../../shared/protocol/handover-tablet';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { useHandoverText } from '../../i18n/handover.texts';
import { formatSize, readFileBytes } from './save-file';

/** 代同事带交文件 (SPEC F12): keep a colleague's file to pass on at this tablet's next sync. */
export function CarrySection({ handover }: { handover: TabletHandoverApi }) {
  const { t } = useHandoverText();
  const { t: tApp } = useTranslation();
  const id = useId();
  const [carried, setCarried] = useState<CarriedFile[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => void handover.carried().then(setCarried, () => undefined), [handover]);
  useEffect(refresh, [refresh]);

  async function take(input: HTMLInputElement) {
    const f = input.files?.[0];
    if (!f) return;
    setError(null);
    setMessage(null);
    try {
      const c = await handover.carry(await readFileBytes(f));
      setMessage(t('carry.carried', { changes: c.changes, size: formatSize(c.bytes) }));
    } catch (e) {
      const { code, details } = errorCodeOf(e);
      setError(t('carry.failed', { reason: errorMessage(tApp, code, details) }));
    } finally {
      input.value = '';
      refresh();
    }
  }

  return (
    <section aria-labelledby={`${id}-title`} className="handover-section">
      <h3 id={`${id}-title`}>{t('carry.title')}</h3>
      <p>{t('carry.explain')}</p>
      <label>
        {t('carry.choose')}
        <input type="file" onChange={(e) => void take(e.currentTarget)} />
      </label>
      {message && <p role="status">{message}</p>}
      {error && <p role="alert">{error}</p>}
      <h4>{t('carry.waiting')}</h4>
      {carried.length === 0 ? (
        <p>{t('carry.none')}</p>
      ) : (
        <ul aria-label={t('carry.waiting')}>
          {carried.map((c) => (
            <li key={c.fileId}>{t('carry.item', { changes: c.changes, size: formatSize(c.bytes), at: new Date(c.carriedAt).toLocaleString() })}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
