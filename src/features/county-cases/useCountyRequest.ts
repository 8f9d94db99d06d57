import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session-context';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';

/** Loads one online county resource; `reload` fetches it again. The error is a translated message. */
export function useCountyRequest<T>(path: string | null): { data: T | null; error: string | null; reload: () => Promise<void> } {
  const session = useSession();
  const { t } = useTranslation();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    if (path === null) return;
    setError(null);
    try {
      setData(await session.request<T>('GET', path));
    } catch (e) {
      const { code, details } = errorCodeOf(e);
      setError(errorMessage(t, code, details));
    }
  }, [path, session, t]);
  useEffect(() => {
    setData(null);
    void reload();
  }, [reload]);
  return { data, error, reload };
}
