import { useCallback, useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../../shared/rules/china-time';
import { useSession } from '../../app/session-context';
import type { ConflictListItem } from '../../db/contracts';
import { useConflictsText } from '../../i18n/conflicts.texts';
import { formatConflictValue } from './format-value';
import './conflicts.css';

type Status = { kind: 'saved' | 'alreadyCurrent' } | { kind: 'failed'; message: string } | null;

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * 数据冲突 (SPEC C4/C6): every open field conflict of the worker's township on this tablet, each value
 * with who wrote it and when, and one "采用此值" button per value. Choosing saves the record with that
 * value through its normal save path; the server closes the conflict, which comes back on pull.
 */
export function ConflictsPage() {
  const session = useSession();
  const { t } = useConflictsText();
  const [items, setItems] = useState<ConflictListItem[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(null);

  // Each change reloads the list (a sync: the push answer's commit, then the pull page's). Only the
  // latest load may set it: an earlier one can end later (a list with a conflict decrypts its values and
  // reads its record; an empty one is at once) and would bring back a conflict the sync has closed.
  const latest = useRef(0);
  const load = useCallback(() => {
    const n = ++latest.current;
    session.conflicts.list().then(
      (list) => {
        if (n !== latest.current) return;
        setItems(list);
        setLoadError(null);
      },
      (e: unknown) => {
        if (n === latest.current) setLoadError(messageOf(e));
      },
    );
  }, [session]);

  useEffect(() => {
    load();
    return session.onChange(load);
  }, [session, load]);

  const fieldName = (field: string) => t(`fields.${field}`, { defaultValue: field });
  // The form's words for the parts and coded values of a field (issue 13 item 10).
  const words = {
    empty: t('emptyValue'),
    part: (field: string, key: string) => t(`partsIn.${field}.${key}`, { defaultValue: t(`parts.${key}`, { defaultValue: key }) }),
    value: (v: string) => t(`values.${v}`, { defaultValue: v }),
  };
  const who = (v: ConflictListItem['values'][number]) => (v.thisTablet ? t('thisTablet') : t('otherDevice', { device: v.device.slice(-6) }));

  async function choose(c: ConflictListItem, index: number) {
    setBusy(c.id);
    setStatus(null);
    try {
      const r = await session.conflicts.resolve(c.id, c.values[index]!.value);
      setStatus({ kind: r.saved ? 'saved' : 'alreadyCurrent' });
    } catch (e) {
      setStatus({ kind: 'failed', message: messageOf(e) });
    } finally {
      setBusy(null);
      load();
    }
  }

  return (
    <section className="conflicts-page" aria-labelledby="conflicts-title">
      <h1 id="conflicts-title">{t('title')}</h1>
      <p>{t('intro')}</p>
      <p role="status" className="conflicts-status">
        {status?.kind === 'saved' && t('saved')}
        {status?.kind === 'alreadyCurrent' && t('alreadyCurrent')}
        {status?.kind === 'failed' && t('failed', { message: status.message })}
      </p>
      {loadError && <p role="alert">{t('loadFailed', { message: loadError })}</p>}
      {items === null && !loadError && <p>{t('loading')}</p>}
      {items?.length === 0 && <p>{t('empty')}</p>}
      {items && items.length > 0 && (
        <ul className="conflicts-list">
          {items.map((c) => {
            const record = `${t(`recordKinds.${c.entity}`, { defaultValue: c.entity })} ${c.headName || t('unnamed')}`;
            const field = fieldName(c.field);
            return (
              <li key={c.id} className="conflict-item">
                <h2>{record}</h2>
                <p>{t('fieldLabel', { field })}</p>
                {!c.onTablet && <p className="conflict-note">{t('notOnTablet')}</p>}
                <ul className="conflict-values" aria-label={t('valuesLabel', { record, field })}>
                  {c.values.map((v, i) => {
                    const value = formatConflictValue(v.shown, words, c.field);
                    const when = formatDateTime(v.at);
                    return (
                      <li key={i} className={v.current ? 'conflict-value current' : 'conflict-value'}>
                        <span className="conflict-value-text">{value}</span>
                        <span className="conflict-value-meta">
                          {t('writtenBy', { who: who(v), when })}
                          {v.current && ` · ${t('current')}`}
                        </span>
                        <button
                          type="button"
                          disabled={!c.onTablet || busy !== null}
                          aria-label={t('useLabel', { field, value, who: who(v), when })}
                          onClick={() => void choose(c, i)}
                        >
                          {t('use')}
                        </button>
                      </li>
                    );
                  })}
                </ul>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
