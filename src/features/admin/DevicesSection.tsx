import { useCallback, useEffect, useId, useState } from 'react';
import { formatDateTime } from '../../app/china-time';
import { useAdminText } from '../../i18n/admin.texts';
import { ActionError } from './ActionError';
import type { AdminApi, AdminDevice } from './admin-api';
import { useAction } from './useAction';

/** 设备: each tablet (one entry per worker who logged in on it) with the account that used it last; revoke a lost one. */
export function DevicesSection({ api, refreshKey, say }: { api: AdminApi; refreshKey: number; say: (message: string) => void }) {
  const { t } = useAdminText();
  const id = useId();
  const [devices, setDevices] = useState<AdminDevice[] | null>(null);
  const load = useAction();
  const act = useAction();
  const { run: runLoad } = load;

  const reload = useCallback(async () => {
    const list = await runLoad(() => api.listDevices());
    if (list) setDevices(list);
  }, [api, runLoad]);
  useEffect(() => {
    void reload();
  }, [reload, refreshKey]);

  const nameOf = (d: AdminDevice) => d.name ?? d.id.slice(0, 8);
  const toggle = async (d: AdminDevice) => {
    const updated = await act.run(() => api.setDeviceRevoked(d.id, !d.revoked));
    if (!updated) return;
    say(t(updated.revoked ? 'devices.revokedDone' : 'devices.restoredDone', { name: nameOf(d) }));
    await reload();
  };

  return (
    <section className="admin-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('devices.title')}</h3>
      <p className="hint">{t('devices.explain')}</p>
      <ActionError error={load.error ?? act.error} />
      {devices === null ? (
        <p>{t('loading')}</p>
      ) : devices.length === 0 ? (
        <p className="empty">{t('devices.empty')}</p>
      ) : (
        <table className="records">
          <thead>
            <tr>
              <th scope="col">{t('devices.col.name')}</th>
              <th scope="col">{t('devices.col.user')}</th>
              <th scope="col">{t('devices.col.township')}</th>
              <th scope="col">{t('devices.col.lastSeen')}</th>
              <th scope="col">{t('devices.col.status')}</th>
              <th scope="col">{t('devices.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id} className={d.revoked ? 'checked-out' : undefined}>
                <th scope="row" data-label={t('devices.col.name')}>
                  {nameOf(d)}
                </th>
                <td data-label={t('devices.col.user')}>{d.username ?? ''}</td>
                <td data-label={t('devices.col.township')}>{d.township ?? ''}</td>
                <td data-label={t('devices.col.lastSeen')}>{d.lastSeen ? formatDateTime(d.lastSeen) : t('devices.never')}</td>
                <td data-label={t('devices.col.status')}>{d.revoked ? t('devices.revoked') : t('devices.active')}</td>
                <td data-label={t('devices.col.actions')}>
                  <button
                    type="button"
                    disabled={act.busy}
                    aria-label={t(d.revoked ? 'devices.restoreLabel' : 'devices.revokeLabel', { name: `${nameOf(d)}（${d.username ?? ''}）` })}
                    onClick={() => void toggle(d)}
                  >
                    {d.revoked ? t('devices.restore') : t('devices.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
