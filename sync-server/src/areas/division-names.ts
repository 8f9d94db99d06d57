import type { Store } from '../store/store';

/** Code → name of every division (retired ones too: old records keep their codes); for display only. */
export async function divisionNames(store: Store): Promise<Map<string, string>> {
  return new Map((await store.listDivisions()).map((d) => [d.code, d.name]));
}

/** The name of a code, or the code itself when the registry does not know it (never an empty cell). */
export const nameOf = (names: ReadonlyMap<string, string>, code: string): string => names.get(code) ?? code;
