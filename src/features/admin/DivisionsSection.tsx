import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { DIVISION_LEVELS, type Division, type DivisionLevel } from '../../shared/schema/division';
import { areaDirectory } from '../areas/area-directory';
import { areaText } from '../areas/area-text';
import { AreaPicker } from '../areas/AreaPicker';
import { useAreasText } from '../../i18n/areas.texts';
import { ActionError } from './ActionError';
import type { DivisionsApi } from './divisions-api';
import { useAction } from './useAction';

const SHOWN = 200;

/** The file's text (UTF-8). FileReader rather than Blob.text(): the older WebViews of township tablets lack it. */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsText(file, 'utf-8');
  });
}

/**
 * 行政区划 (issue 10): the division registry. The administrator imports the official code list,
 * adds, renames, retires a division with its successor and enters the official code of a provisional
 * area; the server checks every rule (sync-server/src/areas/registry.ts) and this shows its answer.
 */
export function DivisionsSection({ api, refreshKey, say, onChanged }: { api: DivisionsApi; refreshKey: number; say: (m: string) => void; onChanged: () => void }) {
  const { t } = useAreasText();
  const id = useId();
  const [divisions, setDivisions] = useState<Division[] | null>(null);
  const [filter, setFilter] = useState('');
  const [add, setAdd] = useState({ code: '', name: '' });
  const [edit, setEdit] = useState({ code: '', name: '', successor: '', official: '' });
  const load = useAction();
  const act = useAction();
  const { run: runLoad } = load;

  const reload = useCallback(async () => {
    const list = await runLoad(() => api.list());
    if (list) setDivisions(list);
  }, [api, runLoad]);
  useEffect(() => {
    void reload();
  }, [reload, refreshKey]);

  const shown = useMemo(() => {
    const f = filter.trim();
    return (divisions ?? []).filter((d) => !f || d.code.startsWith(f) || d.name.includes(f)).slice(0, SHOWN);
  }, [divisions, filter]);

  const done = async (message: string | undefined) => {
    if (message === undefined) return;
    say(message);
    onChanged();
    await reload();
  };
  const submitAdd = async (e: FormEvent) => {
    e.preventDefault();
    const r = await act.run(() => api.add(add.code.trim(), add.name));
    if (r) setAdd({ code: '', name: '' });
    await done(r && t('added', { name: r.division.name }));
  };
  const rename = async () => done((await act.run(() => api.rename(edit.code.trim(), edit.name))) && t('renamed', { name: edit.name }));
  const retire = async () => done((await act.run(() => api.retire(edit.code.trim(), edit.successor.trim()))) && t('retiredDone', { code: edit.code }));
  const official = async () => done((await act.run(() => api.official(edit.code.trim(), edit.official.trim()))) && t('officialDone', { code: edit.code }));
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    const text = await readText(file);
    const r = await act.run(() => api.importCsv(text));
    await done(r && t('imported', r));
  };
  const directory = useMemo(() => (divisions ? areaDirectory(divisions) : null), [divisions]);
  const status = (d: Division) =>
    [d.status === 'retired' ? t('retired', { successor: d.successorCode ? areaText(directory, d.successorCode) : '' }) : t('active'), d.provisional ? t('provisional') : ''].filter(Boolean).join('；');
  const editedLevel = directory?.divisions.find((d) => d.code === edit.code)?.level;
  // The division to change and its successor are picked from the registry (issue 10: never typed);
  // only a new code (add, official) is typed, since the registry does not have it yet.
  const picker = (key: 'code' | 'successor', label: string, levels: readonly DivisionLevel[]) => (
    <>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <AreaPicker id={`${id}-${key}`} directory={directory} levels={levels} value={edit[key]} onChange={(code) => setEdit({ ...edit, [key]: code })} emptyLabel={t('picker.none')} />
    </>
  );
  const field = (key: 'name' | 'official', label: string) => (
    <label>
      {label}
      <input value={edit[key]} onChange={(e) => setEdit({ ...edit, [key]: e.target.value })} />
    </label>
  );

  return (
    <section className="admin-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('title')}</h3>
      <p className="hint">{t('explain')}</p>
      <ActionError error={load.error ?? act.error} labels={{ code: t('code'), name: t('name'), successorCode: t('successor') }} />
      <label>
        {t('importTitle')}
        <input type="file" accept=".csv,text/csv" aria-label={t('importFile')} onChange={(e) => void importFile(e.target.files?.[0])} disabled={act.busy} />
      </label>
      <form onSubmit={(e) => void submitAdd(e)} aria-label={t('add')}>
        <label>
          {t('code')}
          <input value={add.code} inputMode="numeric" onChange={(e) => setAdd({ ...add, code: e.target.value })} />
        </label>
        <label>
          {t('name')}
          <input value={add.name} onChange={(e) => setAdd({ ...add, name: e.target.value })} />
        </label>
        <button type="submit" disabled={act.busy}>{t('add')}</button>
      </form>
      <fieldset>
        <legend>{t('change')}</legend>
        {picker('code', t('changeWhich'), DIVISION_LEVELS)}
        {field('name', t('newName'))}
        <button type="button" onClick={() => void rename()} disabled={act.busy}>{t('rename')}</button>
        {picker('successor', t('successor'), editedLevel ? [editedLevel] : DIVISION_LEVELS)}
        <button type="button" onClick={() => void retire()} disabled={act.busy}>{t('retire')}</button>
        {field('official', t('officialCode'))}
        <button type="button" onClick={() => void official()} disabled={act.busy}>{t('enterOfficial')}</button>
      </fieldset>
      <label>
        {t('filter')}
        <input value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      {divisions === null ? (
        <p>{t('loading')}</p>
      ) : (
        <>
          <p>{t('count', { count: divisions.length })}</p>
          <table>
            <thead>
              <tr><th scope="col">{t('code')}</th><th scope="col">{t('name')}</th><th scope="col">{t('level')}</th><th scope="col">{t('status')}</th></tr>
            </thead>
            <tbody>
              {shown.map((d) => (
                <tr key={d.code}>
                  <th scope="row">{d.code}</th>
                  <td>{d.name}</td>
                  <td>{t(`levels.${d.level}`)}</td>
                  <td>{status(d)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
