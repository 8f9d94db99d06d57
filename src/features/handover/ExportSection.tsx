import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HandoverExportPreview, HandoverUnavailable, TabletHandoverApi } from '../../shared/protocol/handover-tablet';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { useHandoverText } from '../../i18n/handover.texts';
import { canShareFile, formatSize, handoverFile, saveFile } from './save-file';

/**
 * 导出待上传数据 (SPEC F5): says what the file would hold, writes it, and offers it as a download and,
 * where the tablet can, to the share sheet. Works offline; nothing leaves the queue.
 */
export function ExportSection({ handover, handedOver }: { handover: TabletHandoverApi; handedOver: number }) {
  const { t } = useHandoverText();
  const { t: tApp } = useTranslation();
  const id = useId();
  const [preview, setPreview] = useState<HandoverExportPreview | { unavailable: HandoverUnavailable } | null>(null);
  const [file, setFile] = useState<{ file: File; changes: number; attachments: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(() => {
    void handover.preview().then(setPreview, (e: unknown) => setError(t('export.failed', { reason: errorMessage(tApp, errorCodeOf(e).code) })));
  }, [handover, t, tApp]);
  useEffect(refresh, [refresh]);

  async function doExport() {
    setBusy(true);
    setError(null);
    try {
      const r = await handover.export();
      const f = handoverFile(r.bytes, r.fileName);
      setFile({ file: f, changes: r.header.changes, attachments: r.header.attachments });
      saveFile(f);
    } catch (e) {
      const { code, details } = errorCodeOf(e);
      setError(t('export.failed', { reason: errorMessage(tApp, code, details) }));
    } finally {
      setBusy(false);
      refresh();
    }
  }

  const unavailable = preview && 'unavailable' in preview ? preview.unavailable : null;
  return (
    <section aria-labelledby={`${id}-title`} className="handover-section">
      <h3 id={`${id}-title`}>{t('export.title')}</h3>
      <p>{t('export.explain')}</p>
      {handedOver > 0 && <p role="status">{t('export.handedOver', { count: handedOver })}</p>}
      {preview && !unavailable && 'changes' in preview && (
        <p>
          {t('export.preview', { records: preview.records, changes: preview.changes, attachments: preview.attachments })}
          {preview.leftForSync > 0 && ` ${t('export.left', { count: preview.leftForSync })}`}
        </p>
      )}
      {unavailable === 'NOTHING_QUEUED' && <p>{t('export.nothing')}</p>}
      {(unavailable === 'NO_SIGNING_KEY' || unavailable === 'NO_SERVER_KEY') && <p className="warning">{t('export.noKey')}</p>}
      <button type="button" onClick={() => void doExport()} disabled={busy || unavailable !== null || preview === null}>
        {t('export.button')}
      </button>
      {file && (
        <div role="status" aria-label={t('export.title')}>
          <p>{t('export.done', { changes: file.changes, attachments: file.attachments, size: formatSize(file.file.size), name: file.file.name })}</p>
          <button type="button" onClick={() => saveFile(file.file)}>
            {t('export.save')}
          </button>
          {canShareFile(file.file) && (
            <button type="button" onClick={() => void navigator.share({ files: [file.file] }).catch(() => undefined)}>
              {t('export.share')}
            </button>
          )}
        </div>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
