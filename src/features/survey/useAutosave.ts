import { useCallback, useEffect, useRef, useState } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import { errorCodeOf } from '../../i18n/error-message';
import { draftFieldsOf, type SurveyFormValues } from './survey-form-values';

export type AutosaveStatus =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; at: Date }
  | { state: 'error'; code: string; details?: unknown };

const AUTOSAVE_DELAY_MS = 500;

/**
 * Saves the draft to IndexedDB shortly after every change (debounced), and at once when the worker
 * changes step, the app goes to the background (`visibilitychange` → hidden: the last moment a tablet
 * reliably runs code before the OS may kill it) or the page is being unloaded (`pagehide`), so nothing
 * typed is lost to a dead battery. Saves run one at a time, in order; a save that fails (storage full)
 * is retried with the next change and the form keeps every value meanwhile.
 */
export function useAutosave(
  form: UseFormReturn<SurveyFormValues>,
  save: (fields: Record<string, unknown>) => Promise<unknown>,
  opts: { delayMs?: number; now?: () => Date; enabled?: boolean } = {},
): { status: AutosaveStatus; flush: () => Promise<void> } {
  const { delayMs = AUTOSAVE_DELAY_MS, enabled = true } = opts;
  const [status, setStatus] = useState<AutosaveStatus>({ state: 'idle' });
  const saveRef = useRef(save);
  saveRef.current = save;
  const nowRef = useRef(opts.now ?? (() => new Date()));
  nowRef.current = opts.now ?? (() => new Date());
  // What is on disk, as JSON: a flush with nothing new writes nothing (and queues no outbox change).
  const lastSaved = useRef(JSON.stringify(draftFieldsOf(form.getValues())));
  const chain = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const mounted = useRef(true);

  const flush = useCallback((): Promise<void> => {
    clearTimeout(timer.current);
    timer.current = undefined;
    const run = async () => {
      const fields = draftFieldsOf(form.getValues());
      const json = JSON.stringify(fields);
      if (json === lastSaved.current) return;
      if (mounted.current) setStatus({ state: 'saving' });
      try {
        await saveRef.current(fields);
        lastSaved.current = json;
        if (mounted.current) setStatus({ state: 'saved', at: nowRef.current() });
      } catch (e) {
        if (mounted.current) setStatus({ state: 'error', ...errorCodeOf(e) });
      }
    };
    // One save at a time, in order: the later one always carries the later values.
    chain.current = chain.current.then(run, run);
    return chain.current;
  }, [form]);

  useEffect(() => {
    if (!enabled) return;
    const sub = form.watch(() => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delayMs);
    });
    return () => sub.unsubscribe();
  }, [form, flush, delayMs, enabled]);

  useEffect(() => {
    if (!enabled) return;
    const onHidden = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    const onPageHide = () => void flush();
    // Leaving a field (e.g. for the lock button) saves at once rather than after the debounce.
    const onFocusOut = () => {
      if (timer.current !== undefined) void flush();
    };
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', onPageHide);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', onPageHide);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, [flush, enabled]);

  // Leaving the form (another screen, lock) saves what is pending.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      if (enabled && timer.current !== undefined) void flush();
    };
  }, [flush, enabled]);

  return { status, flush };
}
