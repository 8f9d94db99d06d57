import { useId, useMemo, useState } from 'react';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-context';
import { useOnline } from '../../app/useOnline';
import type { DisasterEvent } from '../../shared/schema/disaster-event';
import { useAreasText } from '../../i18n/areas.texts';
import { activeTownshipsWithin } from '../areas/area-directory';
import { AreaDirectoryContext } from '../areas/AreaDirectoryContext';
import { useDivisions } from '../areas/useDivisions';
import { referenceApi, REFERENCE_KINDS, type ReferenceKind } from './reference-api';
import { columnsOf } from './record-columns';
import { ReferenceEditor, type Editing } from './ReferenceEditor';
import { ReferenceTable } from './ReferenceTable';
import { ServerError } from './ServerError';
import { chinaToday, creating, editing as editingOf, newVersion } from './start-values';
import { useReferenceAdminText } from './useReferenceAdminText';
import { useReferenceRecords } from './useReferenceRecords';
import './reference-admin.css';

/**
 * 基础数据管理, online only, for the county administrator: disaster events, shelter sites, relief
 * entitlements and township policies, each validated with its shared schema here and again on the
 * server (sync-server/src/routes/admin-reference.ts), which stores them as reference data tablets pull.
 */
export function ReferenceAdminPage() {
  const { t } = useReferenceAdminText();
  const { t: tAreas } = useAreasText();
  const session = useSession();
  const online = useOnline();
  const { now, newId } = useServices();
  const id = useId();
  const allowed = session.user.role === 'admin' && online && session.online();
  const api = useMemo(() => (allowed ? referenceApi(session.request.bind(session)) : null), [allowed, session]);
  const { records, failure, put, reload } = useReferenceRecords(api);
  // Every area on this page is picked from the registry and shown by name (issue 10).
  const [areasKey, setAreasKey] = useState(0);
  const { directory, error: divisionsError } = useDivisions(session, areasKey);
  const [kind, setKind] = useState<ReferenceKind>('event');
  const [open, setOpen] = useState<Editing | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  if (session.user.role !== 'admin') return <p className="notice">{t('adminOnly')}</p>;
  if (!api) return <p className="notice">{t('onlineOnly')}</p>;

  const events = (records.event ?? []).map((r) => r.fields as DisasterEvent);
  const show = (e: Editing) => {
    setMessage(null);
    setOpen(e);
  };
  const startNew = async () => {
    // A new event starts with the active townships of the administrator's county from the registry
    // (never from who has an account: issue 10 finding 2); an administrator with no county ticks them.
    const county = session.user.county;
    const townships = kind === 'event' && county && directory ? activeTownshipsWithin(directory.divisions, county) : [];
    show(creating(kind, { id: newId(), today: chinaToday(now()), events, townships, ownTownship: session.user.township }));
  };
  const save = async (k: ReferenceKind, record: { id: string }) => {
    const mode = open?.mode ?? 'create';
    const stored = await api.save(k, mode, record);
    put(k, stored);
    setOpen(null);
    const name = columnsOf(k, t, events, directory).name(stored.fields);
    setMessage(t(mode === 'create' ? 'created' : 'updated', { name }));
  };
  const list = records[kind];
  const columns = columnsOf(kind, t, events, directory);

  return (
    <AreaDirectoryContext.Provider value={directory}>
    <section className="reference-admin" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h2 id={`${id}-title`}>{t('title')}</h2>
        <button
          type="button"
          onClick={() => {
            reload();
            setAreasKey((k) => k + 1);
          }}
        >
          {t('refresh')}
        </button>
      </div>
      <p className="hint">{t('explain')}</p>
      <div className="kind-tabs" role="group" aria-label={t('kindNav')}>
        {REFERENCE_KINDS.map((k) => (
          <button key={k} type="button" aria-pressed={k === kind} onClick={() => {
              setKind(k);
              setOpen(null);
            }}
          >
            {t(`kinds.${k}`)}
          </button>
        ))}
      </div>
      <div aria-live="polite">{message && <p className="flash-message">{message}</p>}</div>
      <ServerError failure={failure} labels={{}} />
      {divisionsError && (
        <p className="error" role="alert">
          {tAreas('picker.failed')}
        </p>
      )}
      <section aria-labelledby={`${id}-kind`}>
        <div className="page-head">
          <h3 id={`${id}-kind`}>{t(`kinds.${kind}`)}</h3>
          <button type="button" className="primary" onClick={() => void startNew()}>
            {t(`add.${kind}`)}
          </button>
        </div>
        {open && directory === null && !divisionsError && <p>{tAreas('picker.loading')}</p>}
        {open && (directory !== null || divisionsError) && <ReferenceEditor key={`${open.kind}:${open.mode}:${open.values.id}`} editing={open} events={events} onSave={save} onCancel={() => setOpen(null)} />}
        {list === null ? (
          <p>{t('loading')}</p>
        ) : (
          <ReferenceTable
            caption={t(`kinds.${kind}`)}
            records={list}
            columns={columns}
            onEdit={(r) => show(editingOf(kind, r))}
            onNewVersion={kind === 'policy' ? (r) => show(newVersion(r, newId())) : undefined}
          />
        )}
      </section>
    </section>
    </AreaDirectoryContext.Provider>
  );
}
