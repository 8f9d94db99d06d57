import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/rules/china-time';
import { Field } from '../../app/Field';
import type { FlagView, UnlockedSession } from '../../db/contracts';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { useReliefText } from '../../i18n/relief.texts';
import type { AreaDirectory } from '../areas/area-directory';
import { AreaName } from '../areas/AreaName';
import { FlagHandoutNotes } from './FlagHandoutNotes';

type County = NonNullable<UnlockedSession['county']>;

/**
 * Duplicate people and double hand-outs the server found after sync (GET /api/flags), each resolved by
 * the county with merge or keep-both and a reason. Resolving never changes the records themselves.
 */
export function FlagsPanel({ county, eventId, directory = null }: { county: County; eventId: string; directory?: AreaDirectory | null }) {
  const { t } = useReliefText();
  const { t: tApp } = useTranslation();
  const id = useId();
  const [flags, setFlags] = useState<FlagView[] | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [resolving, setResolving] = useState<string | null>(null);
  // The county sees what a person's registrations say differently, and which one counts (issue 13 item 3).
  const disagreementText = (d: NonNullable<FlagView['disagreements']>[number], f: FlagView) => {
    const tail = (id: string) => id.slice(-6);
    const role = (id: string) => f.occurrences?.find((o) => o.householdId === id)?.role;
    const values = d.values
      .map((v) => {
        const r = role(v.householdId);
        return t('disagree.value', { value: t(`disagree.values.${v.value}`, { defaultValue: v.value }), role: r ? t(`disagree.roles.${r}`) : '', record: tail(v.householdId) });
      })
      .join(t('disagree.separator'));
    return t('disagree.line', { field: t(`disagree.fields.${d.field}`), values, counted: tail(d.counted) });
  };

  const load = useCallback(async () => {
    setError(null);
    try {
      setFlags(await county.flags({ eventId, ...(showResolved ? {} : { status: 'open' as const }) }));
    } catch (e) {
      const { code, details } = errorCodeOf(e);
      setError(t('county.failed', { reason: errorMessage(tApp, code, details) }));
      setFlags([]);
    }
  }, [county, eventId, showResolved, t, tApp]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="flags" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h3 id={`${id}-title`}>{t('flags.title')}</h3>
        <button type="button" onClick={() => void load()}>
          {t('flags.refresh')}
        </button>
      </div>
      <p className="field-hint">{t('flags.explain')}</p>
      <div className="field field-check">
        <input id={`${id}-resolved`} type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} />
        <label htmlFor={`${id}-resolved`}>{t('flags.showResolved')}</label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {flags === null ? (
        <p>{tApp('app.loading')}</p>
      ) : flags.length === 0 ? (
        <p className="empty">{t('flags.empty')}</p>
      ) : (
        <table className="records flags-table">
          <thead>
            <tr>
              <th scope="col">{t('flags.col.kind')}</th>
              <th scope="col">{t('flags.col.key')}</th>
              <th scope="col">{t('flags.col.townships')}</th>
              <th scope="col">{t('flags.col.records')}</th>
              <th scope="col">{t('flags.col.openedAt')}</th>
              <th scope="col">{t('flags.col.status')}</th>
              <th scope="col">{t('flags.col.action')}</th>
            </tr>
          </thead>
          <tbody>
            {flags.map((f) => (
              <tr key={f.id}>
                <td data-label={t('flags.col.kind')}>{t(`flags.kinds.${f.kind}`)}</td>
                <th scope="row" data-label={t('flags.col.key')}>
                  {f.key}
                  {f.disagreements?.map((d) => (
                    <div key={d.field} className="field-hint flag-disagreement">
                      {disagreementText(d, f)}
                    </div>
                  ))}
                </th>
                <td data-label={t('flags.col.townships')}>
                  {f.townships.map((code, i) => (
                    <span key={code}>
                      {i > 0 && '、'}
                      <AreaName code={code} directory={directory} />
                    </span>
                  ))}
                </td>
                <td data-label={t('flags.col.records')}>
                  {f.recordIds.length}
                  {f.handouts && <FlagHandoutNotes handouts={f.handouts} />}
                </td>
                <td data-label={t('flags.col.openedAt')}>{formatDateTime(f.openedAt)}</td>
                <td data-label={t('flags.col.status')}>
                  {t(`flags.status.${f.status}`)}
                  {f.resolution && <div className="field-hint">{t('flags.resolvedAs', { action: t(`flags.actionShort.${f.resolution.action}`), reason: f.resolution.reason })}</div>}
                </td>
                <td data-label={t('flags.col.action')}>
                  {f.status === 'open' &&
                    (resolving === f.id ? (
                      <ResolveForm
                        flag={f}
                        onCancel={() => setResolving(null)}
                        onResolve={async (action, reason) => {
                          await county.resolveFlag(f.id, action, reason);
                          setResolving(null);
                          await load();
                        }}
                      />
                    ) : (
                      <button type="button" onClick={() => setResolving(f.id)} aria-label={t('flags.resolveTitle', { key: f.key })}>
                        {t('flags.resolve')}
                      </button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ResolveForm({ flag, onResolve, onCancel }: { flag: FlagView; onResolve: (action: 'merge' | 'keep-both', reason: string) => Promise<void>; onCancel: () => void }) {
  const { t } = useReliefText();
  const { t: tApp } = useTranslation();
  const id = useId();
  const [action, setAction] = useState<'merge' | 'keep-both'>('keep-both');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setError(t('flags.reasonRequired'));
    setBusy(true);
    try {
      await onResolve(action, reason.trim());
    } catch (err) {
      const { code, details } = errorCodeOf(err);
      setError(errorMessage(tApp, code, details));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="resolve-form" onSubmit={submit} aria-label={t('flags.resolveTitle', { key: flag.key })} noValidate>
      <fieldset className="choices">
        <legend>{t('flags.action')}</legend>
        {(['merge', 'keep-both'] as const).map((a) => (
          <label key={a} className="choice">
            <input type="radio" name={`${id}-action`} value={a} checked={action === a} onChange={() => setAction(a)} />
            {t(`flags.actions.${a}`)}
          </label>
        ))}
      </fieldset>
      <Field id={`${id}-reason`} label={t('flags.reason')} error={error}>
        <textarea id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={500} />
      </Field>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('flags.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('flags.cancel')}
        </button>
      </div>
    </form>
  );
}
