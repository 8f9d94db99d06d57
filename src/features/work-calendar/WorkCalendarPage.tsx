import { useEffect, useId, useMemo, useState } from 'react';
import { useSession } from '../../app/session-context';
import { paths } from '../../app/useHashRoute';
import { useOnline } from '../../app/useOnline';
import { errorCodeOf } from '../../i18n/error-message';
import { calendarRecordId, workCalendarYearSchema, type WorkCalendarYear } from '../../shared/schema/work-calendar';
import { ServerError, type ServerFailure } from '../reference-admin/ServerError';
import { calendarApi } from './calendar-api';
import { DayRows, type DayRow } from './DayRows';
import { useWorkCalendarText } from './useWorkCalendarText';

interface Draft {
  year: number;
  holidays: DayRow[];
  workdays: DayRow[];
}

const draftOf = (y: WorkCalendarYear): Draft => ({ year: y.year, holidays: y.holidays.map((d) => ({ ...d })), workdays: y.workdays.map((d) => ({ ...d })) });

/**
 * 工作日历, online only, for the administrator (SPEC K7): view a year's public holidays and adjusted
 * working days (调休), correct them or add a new year as the State Council announces it. The year is
 * checked with the shared schema here and again by the server, which stores it as reference data every
 * tablet pulls.
 */
export function WorkCalendarPage() {
  const { t } = useWorkCalendarText();
  const session = useSession();
  const online = useOnline();
  const id = useId();
  const allowed = session.user.role === 'admin' && online && session.online();
  const api = useMemo(() => (allowed ? calendarApi(session.request.bind(session)) : null), [allowed, session]);
  const [years, setYears] = useState<WorkCalendarYear[] | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [newYear, setNewYear] = useState('');
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [failure, setFailure] = useState<ServerFailure | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (!api) return;
    let live = true;
    api.years().then(
      (ys) => {
        if (!live) return;
        setYears(ys);
        if (ys.length) setDraft(draftOf(ys[ys.length - 1]!));
      },
      (e: unknown) => live && setFailure(errorCodeOf(e)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  if (session.user.role !== 'admin') return <p className="notice">{t('adminOnly')}</p>;
  if (!api) return <p className="notice">{t('onlineOnly')}</p>;

  const stored = draft && years?.find((y) => y.year === draft.year);
  const pick = (year: number) => {
    const y = years?.find((x) => x.year === year);
    setDraft(y ? draftOf(y) : { year, holidays: [], workdays: [] });
    setIssues([]);
    setFailure(null);
    setMessage(null);
  };
  const save = async () => {
    if (!draft) return;
    setMessage(null);
    setFailure(null);
    const candidate = { id: calendarRecordId(draft.year), year: draft.year, holidays: draft.holidays, workdays: draft.workdays, source: 'admin' as const };
    const parsed = workCalendarYearSchema.safeParse(candidate);
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      return;
    }
    setIssues([]);
    try {
      const saved = await api.save(draft.year, { holidays: parsed.data.holidays, workdays: parsed.data.workdays });
      setYears((ys) => [...(ys ?? []).filter((y) => y.year !== saved.year), saved].sort((a, b) => a.year - b.year));
      setDraft(draftOf(saved));
      setMessage(t('saved', { year: saved.year }));
    } catch (e) {
      setFailure(errorCodeOf(e));
    }
  };
  const listName = (path: string) => (path.startsWith('holidays') ? t('holidays') : t('workdays'));
  const rowOf = (path: string) => Number(path.split('.')[1] ?? 0) + 1;
  const issueText = (m: string) => t(`issue.${m}`, { defaultValue: t('issue.required') });

  return (
    <section className="work-calendar" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h2 id={`${id}-title`}>{t('title')}</h2>
        <a href={paths.casePolicy}>{t('toPolicy')}</a>
      </div>
      <p className="hint">{t('explain')}</p>
      <ServerError failure={failure} labels={{}} />
      {years === null ? (
        <p>{t('loading')}</p>
      ) : (
        <div className="page-head">
          {years.length === 0 ? (
            <p>{t('noYears')}</p>
          ) : (
            <label>
              {t('year')}{' '}
              <select value={draft?.year ?? ''} onChange={(e) => pick(Number(e.target.value))}>
                {years.map((y) => (
                  <option key={y.year} value={y.year}>
                    {y.year}
                  </option>
                ))}
                {draft && !stored && <option value={draft.year}>{draft.year}</option>}
              </select>
            </label>
          )}
          <label>
            {t('newYear')}{' '}
            <input type="number" min={2000} max={2100} value={newYear} onChange={(e) => setNewYear(e.target.value)} />
          </label>
          <button type="button" disabled={!/^\d{4}$/.test(newYear)} onClick={() => pick(Number(newYear))}>
            {t('addYear')}
          </button>
        </div>
      )}
      <div aria-live="polite">{message && <p className="flash-message">{message}</p>}</div>
      {draft && (
        <section aria-label={String(draft.year)}>
          {stored && (
            <p>
              {t('summary', {
                holidays: stored.holidays.length,
                workdays: stored.workdays.length,
                source: stored.source === 'package' ? t('sourcePackage', { version: stored.sourceVersion ?? '' }) : t('sourceAdmin'),
              })}
            </p>
          )}
          <DayRows list={t('holidays')} rows={draft.holidays} addLabel={t('addHoliday')} onChange={(holidays) => setDraft({ ...draft, holidays })} />
          <DayRows list={t('workdays')} rows={draft.workdays} addLabel={t('addWorkday')} onChange={(workdays) => setDraft({ ...draft, workdays })} />
          {issues.length > 0 && (
            <div className="error" role="alert">
              <p>{t('invalid')}</p>
              <ul>
                {issues.map((i) => (
                  <li key={`${i.path}:${i.message}`}>
                    {listName(i.path)} {rowOf(i.path)}：{issueText(i.message)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <button type="button" className="primary" onClick={() => void save()}>
            {t('save', { year: draft.year })}
          </button>
        </section>
      )}
    </section>
  );
}
