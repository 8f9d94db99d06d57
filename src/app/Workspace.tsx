import { lazy, useState } from 'react';
import { LogoutConfirm } from '../features/auth/LogoutConfirm';
import { ReLoginDialog } from '../features/auth/ReLoginDialog';
import { useOnline } from './useOnline';
import { useTranslation } from 'react-i18next';
import type { UnlockedSession } from '../db/contracts';
import { HouseholdListPage } from '../features/relocation/HouseholdListPage';
import { AppHeader } from './AppHeader';
import { FlashProvider } from './flash';
import { LazyBoundary } from './LazyBoundary';
import { useServices } from './services';
import { SessionProvider } from './session-context';
import { StorageIndicator } from './StorageIndicator';
import { SyncStatusBar } from './SyncStatusBar';
import { useHashRoute, paths } from './useHashRoute';
import { SurveyNav } from '../features/survey/SurveyNav';
import { useInactivityLock } from './useInactivityLock';
import { useSyncState } from './useSyncState';
import { AdminNavLink } from '../features/admin/AdminNavLink';
import { ReferenceAdminNavLink } from '../features/reference-admin/ReferenceAdminNavLink';
import { WorkCalendarNavLink } from '../features/work-calendar/WorkCalendarNavLink';
import { ConflictsNavLink } from '../features/conflicts/ConflictsNavLink';
import { LoginScreen } from '../features/auth/LoginScreen';
import { TabletHealthNavLink } from '../features/tablet-health/TabletHealthNavLink';
import { DashboardNavLink } from '../features/dashboard/DashboardNavLink';
import { CasesNavLink } from '../features/cases/CasesNavLink';
import { CountyCasesNavLink } from '../features/county-cases/CountyCasesNavLink';
import { HandoverNavLink } from '../features/handover/HandoverNavLink';

// The form (with react-hook-form) loads on first use, keeping the initial JS small; the service
// worker precaches its chunk, so it opens offline too.
const HouseholdFormPage = lazy(() => import('../features/relocation/HouseholdFormPage').then((m) => ({ default: m.HouseholdFormPage })));
const AdminPage = lazy(() => import('../features/admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const WorkCalendarPage = lazy(() => import('../features/work-calendar/WorkCalendarPage').then((m) => ({ default: m.WorkCalendarPage })));
const CasePolicyPage = lazy(() => import('../features/case-policy/CasePolicyPage').then((m) => ({ default: m.CasePolicyPage })));
const ReferenceAdminPage = lazy(() => import('../features/reference-admin/ReferenceAdminPage').then((m) => ({ default: m.ReferenceAdminPage })));
const SurveyRoutes = lazy(() => import('../features/survey/SurveyRoutes').then((m) => ({ default: m.SurveyRoutes })));
const ConflictsPage = lazy(() => import('../features/conflicts/ConflictsPage').then((m) => ({ default: m.ConflictsPage })));
const TabletHealthPage = lazy(() => import('../features/tablet-health/TabletHealthPage').then((m) => ({ default: m.TabletHealthPage })));
const CountyCasesRoutes = lazy(() => import('../features/county-cases/CountyCasesRoutes').then((m) => ({ default: m.CountyCasesRoutes })));
const CasesRoutes = lazy(() => import('../features/cases/CasesRoutes').then((m) => ({ default: m.CasesRoutes })));
const HandoverPage = lazy(() => import('../features/handover/HandoverPage').then((m) => ({ default: m.HandoverPage })));
const DashboardRoutes = lazy(() => import('../features/dashboard/DashboardRoutes').then((m) => ({ default: m.DashboardRoutes })));
const ReliefRoutes = lazy(() => import('../features/relief/ReliefRoutes').then((m) => ({ default: m.ReliefRoutes })));

/** The screen in front of the lock. Named here because this file is the one place the shell names screens. */
export const LockScreen = LoginScreen;

/** Everything behind the lock: header buttons, sync bar, storage state and the routed screen. */
export function Workspace({
  session,
  persistent,
  lockAfterMinutes,
  onLock,
  onLogout,
  onRelogin,
}: {
  session: UnlockedSession;
  persistent: boolean | null;
  lockAfterMinutes: number;
  onLock: () => void;
  onLogout: () => void;
  /** Logs the same worker in again online, in place (the session expired). */
  onRelogin?: (password: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { now } = useServices();
  const sync = useSyncState(session);
  const online = useOnline();
  const [relogin, setRelogin] = useState(false);
  const [confirmLogout, setConfirmLogout] = useState(false);
  // Records waiting: say how many and that they stay, before logging out (issue 13 item 9).
  const logout = () => (sync.pending > 0 ? setConfirmLogout(true) : onLogout());
  const { route, navigate } = useHashRoute();
  useInactivityLock(onLock, lockAfterMinutes, now);

  const syncNow = () => {
    // Failures show in the status bar through the sync state; nothing to do here.
    session.sync.syncNow().catch(() => {});
  };

  let screen;
  switch (route.name) {
    case 'households':
      screen = <HouseholdListPage onRegister={() => navigate(paths.householdNew)} />;
      break;
    case 'household-new':
      screen = <HouseholdFormPage key="new" onDone={() => navigate(paths.households)} />;
      break;
    case 'household-edit':
      screen = <HouseholdFormPage key={route.id} id={route.id} onDone={() => navigate(paths.households)} />;
      break;
    case 'surveys':
    case 'survey':
    case 'survey-result':
      screen = <SurveyRoutes route={route} navigate={navigate} />;
      break;
    case 'shelters':
    case 'relief':
    case 'relief-household':
    case 'county-report':
      screen = <ReliefRoutes route={route} navigate={navigate} />;
      break;
    case 'admin':
      screen = <AdminPage />;
      break;
    case 'reference-admin':
      screen = <ReferenceAdminPage />;
      break;
    case 'work-calendar':
      screen = <WorkCalendarPage />;
      break;
    case 'case-policy':
      screen = <CasePolicyPage />;
      break;
    case 'conflicts':
      screen = <ConflictsPage />;
      break;
    case 'tablet-health':
      screen = <TabletHealthPage />;
      break;
    case 'cases':
    case 'case-new':
    case 'case':
      screen = <CasesRoutes route={route} navigate={navigate} />;
      break;
    case 'county-cases':
    case 'county-case':
    case 'county-case-list':
      screen = <CountyCasesRoutes route={route} />;
      break;
    case 'handover':
      screen = <HandoverPage />;
      break;
    case 'dashboard':
    case 'dashboard-township':
    case 'dashboard-records':
      screen = <DashboardRoutes route={route} />;
      break;
    default:
      screen = (
        <p>
          {t('app.notFound')} <a href={paths.households}>{t('app.backToList')}</a>
        </p>
      );
  }

  // The worker's township, a supervisor's county: by name (the account holds codes, issue 10); the code
  // only when the login came from a server that sent no name.
  const u = session.user;
  const area = u.township ? (u.townshipName ?? u.township) : u.county ? (u.countyName ?? u.county) : null;
  const signedIn = area ? t('app.signedInArea', { name: u.displayName, area }) : t('app.signedInAs', { name: u.displayName });

  return (
    <SessionProvider session={session}>
      <AppHeader>
        <span className="user-name">{signedIn}</span>
        {session.user.role === 'admin' && <AdminNavLink current={route.name === 'admin'} />}
        {session.user.role === 'admin' && <ReferenceAdminNavLink href={paths.referenceAdmin} current={route.name === 'reference-admin'} />}
        {session.user.role !== 'worker' && <DashboardNavLink href={paths.dashboard} current={route.name.startsWith('dashboard')} />}
        {session.user.role !== 'worker' && <TabletHealthNavLink href={paths.tabletHealth} current={route.name === 'tablet-health'} />}
        {session.user.role === 'admin' && <WorkCalendarNavLink href={paths.workCalendar} current={route.name === 'work-calendar' || route.name === 'case-policy'} />}
        {session.user.role !== 'worker' && <CountyCasesNavLink href={paths.countyCases} current={route.name.startsWith('county-case')} />}
        {session.user.role === 'worker' && <CasesNavLink href={paths.cases} current={route.name === 'cases' || route.name === 'case' || route.name === 'case-new'} />}
        <ConflictsNavLink href={paths.conflicts} current={route.name === 'conflicts'} />
        {session.handover && <HandoverNavLink href={paths.handover} current={route.name === 'handover'} />}
        <button type="button" onClick={syncNow} disabled={sync.phase === 'syncing'}>
          {t('app.syncNow')}
        </button>
        <button type="button" onClick={onLock}>
          {t('app.lock')}
        </button>
        <button type="button" onClick={logout}>
          {t('app.logout')}
        </button>
      </AppHeader>
      <SurveyNav route={route.name} />
      {/* A named region: the storage state and the sync bar sit in a landmark (issue 13 item 14). */}
      <section className="status-row" aria-label={t('a11yRegions.status')}>
        <SyncStatusBar state={sync} online={online} onLogIn={onRelogin && (() => setRelogin(true))} />
        <StorageIndicator persistent={persistent} oldestPendingAt={sync.oldestPendingAt} now={now()} />
      </section>
      {relogin && onRelogin && (
        <ReLoginDialog
          username={session.user.username}
          onClose={() => setRelogin(false)}
          onLogin={async (password) => {
            await onRelogin(password);
            setRelogin(false);
          }}
        />
      )}
      {confirmLogout && (
        <LogoutConfirm
          pending={sync.pending}
          onCancel={() => setConfirmLogout(false)}
          onConfirm={() => {
            setConfirmLogout(false);
            onLogout();
          }}
        />
      )}
      <FlashProvider>
        <main className="app-main">
          <LazyBoundary>{screen}</LazyBoundary>
        </main>
      </FlashProvider>
    </SessionProvider>
  );
}
