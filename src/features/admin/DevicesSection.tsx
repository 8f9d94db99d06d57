import { useCallback, useEffect, useId, useState } from 'react';
import { formatDateTime } from '../../shared/rules/china-time';
import { useAdminText } from '../../i18n/admin.texts';
import type { AreaDirectory } from '../areas/area-directory';
import { AreaName } from '../areas/AreaName';
import { ActionError } from './ActionError';
import type { AdminApi, AdminDevice } from './admin-api';
import { useAction } from './useAction';

/**
 * 设备: each client id (one per worker database on a tablet, SPEC A4) with the physical tablet it runs on
 * (`tabletId`, when the login sent one) and the account bound to it, by name; revoke a lost one.
 */
export function DevicesSection({ api, directory, refreshKey, say }: { api: AdminApi; directory: AreaDirectory | null; refreshKey: number; say: (message: string) => void }) {
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
  // The account's name first (who carries the tablet), its user name after.
  const accountOf = (d: AdminDevice) => (d.displayName && d.username ? `${d.displayName}（${d.username}）` : (d.username ?? ''));
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
              <th scope="col">{t('devices.col.clientId')}</th>
              <th scope="col">{t('devices.col.tabletId')}</th>
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
                <td data-label={t('devices.col.clientId')}>
                  <code>{d.id}</code>
                </td>
                <td data-label={t('devices.col.tabletId')}>{d.tabletId ? <code>{d.tabletId}</code> : t('devices.noTabletId')}</td>
                <td data-label={t('devices.col.user')}>{accountOf(d)}</td>
                <td data-label={t('devices.col.township')}>
                  <AreaName code={d.township} directory={directory} />
                </td>
                <td data-label={t('devices.col.lastSeen')}>{d.lastSeen ? formatDateTime(d.lastSeen) : t('devices.never')}</td>
                <td data-label={t('devices.col.status')}>{d.revoked ? t('devices.revoked') : t('devices.active')}</td>
                <td data-label={t('devices.col.actions')}>
                  <button
                    type="button"
                    disabled={act.busy}
                    aria-label={t(d.revoked ? 'devices.restoreLabel' : 'devices.revokeLabel', { name: `${nameOf(d)}（${accountOf(d)}）` })}
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
