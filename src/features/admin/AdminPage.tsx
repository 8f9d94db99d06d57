import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session-context';
import { useOnline } from '../../app/useOnline';
import { useAdminText } from '../../i18n/admin.texts';
import { useDivisions } from '../areas/useDivisions';
import { adminApi, type AdminUser } from './admin-api';
import { AreaQueueSection } from './AreaQueueSection';
import { AuditSection } from './AuditSection';
import { DevicesSection } from './DevicesSection';
import { DivisionsSection } from './DivisionsSection';
import { divisionsApi } from './divisions-api';
import { UsersSection } from './UsersSection';
import { useAction } from './useAction';
import './admin.css';

/**
 * 系统管理 (issue 6 §7), online only: accounts (create with role, township and county; disable,
 * enable), devices (revoke a lost tablet) and the audit log. Every call goes to the server, which
 * checks the role again (sync-server/src/routes/admin-*.ts); nothing here is stored on the tablet.
 */
export function AdminPage() {
  const { t } = useAdminText();
  const session = useSession();
  const online = useOnline();
  const id = useId();
  const api = useMemo(() => adminApi(session.request.bind(session)), [session]);
  const areas = useMemo(() => divisionsApi(session.request.bind(session)), [session]);
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const { error, run } = useAction();
  const allowed = session.user.role === 'admin' && online && session.online();
  // Names for every area code the page shows, and the pickers' choices (read again on refresh).
  const { directory, error: divisionsError } = useDivisions(session, refreshKey);

  const loadUsers = useCallback(async () => {
    const list = await run(() => api.listUsers());
    if (list) setUsers(list);
  }, [api, run]);
  useEffect(() => {
    if (allowed) void loadUsers();
  }, [allowed, loadUsers, refreshKey]);

  if (session.user.role !== 'admin') return <p className="notice">{t('adminOnly')}</p>;
  if (!allowed) return <p className="notice">{t('onlineOnly')}</p>;

  const changed = () => setRefreshKey((k) => k + 1);
  return (
    <section className="admin-page" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h2 id={`${id}-title`}>{t('title')}</h2>
        <button type="button" onClick={changed}>
          {t('refresh')}
        </button>
      </div>
      <div aria-live="polite">{message && <p className="flash-message">{message}</p>}</div>
      {error && <UsersLoadError code={error.code} />}
      {divisionsError && <UsersLoadError code={divisionsError} />}
      <UsersSection api={api} directory={directory} users={users} selfId={session.user.id} onChanged={changed} say={setMessage} />
      <DevicesSection api={api} directory={directory} refreshKey={refreshKey} say={setMessage} />
      <AuditSection api={api} directory={directory} users={users} refreshKey={refreshKey} />
      <DivisionsSection api={areas} refreshKey={refreshKey} say={setMessage} onChanged={changed} />
      <AreaQueueSection api={areas} refreshKey={refreshKey} say={setMessage} />
    </section>
  );
}

function UsersLoadError({ code }: { code: string }) {
  const { t } = useTranslation();
  return (
    <p className="error" role="alert">
      {t(`errors.${code}`, { defaultValue: t('errors.unknown', { code }) })}
    </p>
  );
}
