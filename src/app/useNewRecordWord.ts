import { useCallback, useRef } from 'react';

/** What a form passes to its record's save: the word that the record is new (SaveOptions.newRecord), or nothing. */
export type NewRecordWord = { newRecord?: true };

/**
 * Issue 18 (SPEC O5): a form opened for a new record tells its saves so until one of them has succeeded;
 * every later save of the same form is an edit. Runs `save` with the word to pass on. Should a failed save
 * have written after all, the next one's wrong word is caught by the write's rev check: it costs one aborted
 * transaction, never a lost or doubled save. `isNew` is read at each save (a form may learn it on loading).
 */
export function useNewRecordWord(isNew: boolean): <T>(save: (word: NewRecordWord) => Promise<T>) => Promise<T> {
  const savedOnce = useRef(false);
  const fresh = useRef(isNew);
  fresh.current = isNew;
  return useCallback(async <T,>(save: (word: NewRecordWord) => Promise<T>): Promise<T> => {
    const result = await save(fresh.current && !savedOnce.current ? { newRecord: true } : {});
    savedOnce.current = true;
    return result;
  }, []);
}
