import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session-context';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';

/**
 * Loads one online county resource; `reload` fetches it again. The error is a translated message.
 * Only the latest request's answer is shown: when the path changes (a new filter) while an earlier
 * request is still out, the earlier answer, arriving late, would otherwise be shown under the new
 * filter's caption (a queue titled "all open cases"). The answer is kept with the path it answers and
 * given only for that path: cleared in an effect instead, the render that follows a new filter (before the
 * effect runs) still paired the old answer with the new caption, and the rows then vanished under it.
 */
export function useCountyRequest<T>(path: string | null): { data: T | null; error: string | null; reload: () => Promise<void> } {
  const session = useSession();
  const { t } = useTranslation();
  const [answered, setAnswered] = useState<{ path: string; data: T } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    if (path === null) return;
    const mine = ++latest.current;
    setError(null);
    try {
      const answer = await session.request<T>('GET', path);
      if (mine === latest.current) setAnswered({ path, data: answer });
    } catch (e) {
      if (mine !== latest.current) return;
      const { code, details } = errorCodeOf(e);
      setError(errorMessage(t, code, details));
    }
  }, [path, session, t]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const data = answered !== null && answered.path === path ? answered.data : null;
  return { data, error, reload };
}
