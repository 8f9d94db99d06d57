import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { formatDateTime } from '../../shared/rules/china-time';
import { adminZhCN } from '../../i18n/admin.zh-CN';
import { useAdminText } from '../../i18n/admin.texts';
import type { AreaDirectory } from '../areas/area-directory';
import { AreaName } from '../areas/AreaName';
import { ActionError } from './ActionError';
import type { AdminApi, AdminDevice, AdminUser, AuditEntry, AuditFilters } from './admin-api';
import { useAction } from './useAction';

/** Every action the server logs, for the filter (the translation file lists them). */
const ACTIONS = [...Object.keys(adminZhCN.audit.actions), ...Object.keys(adminZhCN.auditMore.actions)];
const MORE = new Set(Object.keys(adminZhCN.auditMore.actions));

/** The detail of an entry as short text: codes, counts and field names only (the server never logs values). */
function detailText(detail: AuditEntry['detail']): string {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('/') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

/** 审计日志: newest first, filtered by account, action and days (China time); older pages on demand. */
export function AuditSection({ api, directory, users, refreshKey }: { api: AdminApi; directory: AreaDirectory | null; users: AdminUser[] | null; refreshKey: number }) {
  const { t } = useAdminText();
  const id = useId();
  const [draft, setDraft] = useState<AuditFilters>({});
  const [filters, setFilters] = useState<AuditFilters>({});
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const { busy, error, run } = useAction();
  const names = useMemo(() => new Map((users ?? []).map((u) => [u.id, u.username])), [users]);
  // Devices by name, not id (issue 13 item 10): the list the devices section shows, read once here.
  const [devices, setDevices] = useState<AdminDevice[]>([]);
  useEffect(() => {
    let live = true;
    api.listDevices().then(
      (d) => live && setDevices(d),
      () => undefined, // the column falls back to a short id; the devices section shows the error
    );
    return () => {
      live = false;
    };
  }, [api, refreshKey]);
  const deviceNames = useMemo(() => new Map(devices.filter((d) => d.name).map((d) => [d.id, d.name!])), [devices]);
  const deviceLabel = (deviceId: string | null) =>
    !deviceId ? '' : (deviceNames.get(deviceId) ?? t('auditMore.unknownDevice', { tail: deviceId.slice(-6) }));

  const load = useCallback(
    async (f: AuditFilters, before?: number) => {
      const page = await run(() => api.listAudit(f, before));
      if (!page) return;
      setEntries((prev) => (before !== undefined && prev ? [...prev, ...page.entries] : page.entries));
      setNextBefore(page.nextBefore);
    },
    [api, run],
  );
  useEffect(() => {
    void load(filters);
  }, [load, filters, refreshKey]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ ...draft });
  };
  const set = (k: keyof AuditFilters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value || undefined }));
  const actionLabel = (a: string) =>
    MORE.has(a) ? t(`auditMore.actions.${a}` as 'auditMore.actions.flag.open') : ACTIONS.includes(a) ? t(`audit.actions.${a}` as 'audit.actions.login') : a;

  return (
    <section className="admin-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('audit.title')}</h3>
      <p className="hint">{t('audit.explain')}</p>
      <form className="admin-filters" onSubmit={search}>
        <div className="field">
          <label htmlFor={`${id}-u`}>{t('audit.user')}</label>
          <select id={`${id}-u`} value={draft.userId ?? ''} onChange={set('userId')}>
            <option value="">{t('audit.anyUser')}</option>
            {(users ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName} ({u.username})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-a`}>{t('audit.action')}</label>
          <select id={`${id}-a`} value={draft.action ?? ''} onChange={set('action')}>
            <option value="">{t('audit.anyAction')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-f`}>{t('audit.from')}</label>
          <input id={`${id}-f`} type="date" value={draft.from ?? ''} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-t`}>{t('audit.to')}</label>
          <input id={`${id}-t`} type="date" value={draft.to ?? ''} onChange={set('to')} />
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t('audit.search')}
        </button>
      </form>
      <ActionError error={error} />
      {entries === null ? (
        <p>{t('loading')}</p>
      ) : entries.length === 0 ? (
        <p className="empty">{t('audit.empty')}</p>
      ) : (
        <>
          <p className="count">{t('audit.count', { count: entries.length })}</p>
          <table className="records audit-log">
            <thead>
              <tr>
                <th scope="col">{t('audit.col.at')}</th>
                <th scope="col">{t('audit.col.user')}</th>
                <th scope="col">{t('audit.col.action')}</th>
                <th scope="col">{t('audit.col.township')}</th>
                <th scope="col">{t('audit.col.record')}</th>
                <th scope="col">{t('audit.col.device')}</th>
                <th scope="col">{t('audit.col.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td data-label={t('audit.col.at')}>{formatDateTime(e.at)}</td>
                  <td data-label={t('audit.col.user')} className="audit-user">
                    {e.userId ? (names.get(e.userId) ?? e.userId) : ''}
                  </td>
                  <td data-label={t('audit.col.action')}>{actionLabel(e.action)}</td>
                  <td data-label={t('audit.col.township')}>
                    <AreaName code={e.township} directory={directory} />
                  </td>
                  <td data-label={t('audit.col.record')}>{e.recordId ? `${e.entity ?? ''} ${e.recordId}`.trim() : (e.entity ?? '')}</td>
                  <td data-label={t('audit.col.device')}>{deviceLabel(e.deviceId)}</td>
                  <td data-label={t('audit.col.detail')}>{detailText(e.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {nextBefore !== null && (
            <button type="button" disabled={busy} onClick={() => void load(filters, nextBefore)}>
              {t('audit.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
