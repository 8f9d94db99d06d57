import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HandoverImportSummary } from '../../shared/protocol/handover-format';
import type { TabletHandoverApi } from '../../shared/protocol/handover-tablet';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { useHandoverText } from '../../i18n/handover.texts';
import { readFileBytes } from './save-file';

const COUNTS = ['applied', 'merged', 'conflict', 'rejected', 'alreadyHeld', 'superseded'] as const;

/** 导入交接文件 (SPEC F7–F9, F11): a supervisor or an administrator uploads a worker's file, online. */
export function ImportSection({ handover, online }: { handover: TabletHandoverApi; online: boolean }) {
  const { t } = useHandoverText();
  const { t: tApp } = useTranslation();
  const id = useId();
  const [summary, setSummary] = useState<HandoverImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function upload(input: HTMLInputElement) {
    const f = input.files?.[0];
    if (!f) return;
    setBusy(true);
    setError(null);
    setSummary(null);
    try {
      setSummary(await handover.importFile(await readFileBytes(f)));
    } catch (e) {
      const { code, details } = errorCodeOf(e);
      setError(t('import.failed', { reason: errorMessage(tApp, code, details) }));
    } finally {
      input.value = '';
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`} className="handover-section">
      <h3 id={`${id}-title`}>{t('import.title')}</h3>
      <p>{t('import.explain')}</p>
      {!online && <p className="warning">{t('import.needOnline')}</p>}
      <label>
        {t('import.choose')}
        <input type="file" disabled={!online || busy} onChange={(e) => void upload(e.currentTarget)} />
      </label>
      {error && <p role="alert">{error}</p>}
      {summary && (
        <section aria-label={t('import.result')}>
          <p>{t('import.file', { seqFrom: summary.seqFrom, seqTo: summary.seqTo, changes: summary.changes, username: summary.username })}</p>
          <dl className="handover-counts">
            {COUNTS.map((k) => (
              <div key={k}>
                <dt>{t(`import.${k}`)}</dt>
                <dd data-count={k}>{summary[k]}</dd>
              </div>
            ))}
            <div>
              <dt>{t('import.attachments')}</dt>
              <dd data-count="attachments">{summary.attachmentsStored}</dd>
            </div>
          </dl>
        </section>
      )}
    </section>
  );
}
