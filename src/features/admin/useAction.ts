import { useCallback, useState } from 'react';
import { errorCodeOf } from '../../i18n/error-message';

export interface ActionError {
  code: string;
  details?: unknown;
}

/**
 * One online call at a time, with its failure kept for the screen: nothing here is queued (these
 * pages are for an office with a network), so a failure shows at once with the server's code.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ActionError | null>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(errorCodeOf(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
}
