import { useCallback, useEffect, useId, useState } from 'react';
import type { Division } from '../../shared/schema/division';
import { useAreasText } from '../../i18n/areas.texts';
import { ActionError } from './ActionError';
import type { AreaQueueItem, DivisionsApi } from './divisions-api';
import { useAction } from './useAction';

/**
 * Old data waiting for an area (migration 002): rows of release 1 whose township name was found in
 * several counties. The administrator picks the township; until then workers and supervisors never see them.
 */
export function AreaQueueSection({ api, refreshKey, say }: { api: DivisionsApi; refreshKey: number; say: (m: string) => void }) {
  const { t } = useAreasText();
  const id = useId();
  const [items, setItems] = useState<AreaQueueItem[] | null>(null);
  const [townships, setTownships] = useState<Division[]>([]);
  const [picked, setPicked] = useState<Record<number, string>>({});
  const load = useAction();
  const act = useAction();
  const { run: runLoad } = load;

  const reload = useCallback(async () => {
    const got = await runLoad(async () => ({ items: await api.queue(), divisions: await api.list() }));
    if (!got) return;
    setItems(got.items);
    setTownships(got.divisions.filter((d) => d.level === 'township' && d.status === 'active'));
  }, [api, runLoad]);
  useEffect(() => {
    void reload();
  }, [reload, refreshKey]);

  const label = (code: string) => {
    const d = townships.find((x) => x.code === code);
    const county = d && townships.length ? d.parentCode : null;
    return d ? `${d.name}（${d.code}${county ? `，${county}` : ''}）` : code;
  };
  const resolve = async (item: AreaQueueItem) => {
    const code = picked[item.id] ?? item.candidates[0];
    if (!code) return;
    if ((await act.run(() => api.resolve(item.id, code))) === undefined) return;
    say(t('resolved'));
    await reload();
  };

  return (
    <section className="admin-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('queueTitle')}</h3>
      <p className="hint">{t('queueExplain')}</p>
      <ActionError error={load.error ?? act.error} />
      {items === null ? (
        <p>{t('loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('queueEmpty')}</p>
      ) : (
        <ul>
          {items.map((item) => {
            const what = item.recordId ?? item.sha256?.slice(0, 12) ?? String(item.auditId ?? '');
            const options = item.candidates.length ? item.candidates : townships.map((d) => d.code);
            const text = t('queueRow', { kind: t(`kinds.${item.kind}`), what, written: item.writtenTownship });
            return (
              <li key={item.id}>
                <span>{text}</span>
                <label>
                  {t('pick')}
                  <select aria-label={`${t('pick')} ${text}`} value={picked[item.id] ?? options[0] ?? ''} onChange={(e) => setPicked({ ...picked, [item.id]: e.target.value })}>
                    {options.map((code) => (
                      <option key={code} value={code}>{label(code)}</option>
                    ))}
                  </select>
                </label>
                <button type="button" onClick={() => void resolve(item)} disabled={act.busy}>{t('resolve')}</button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
