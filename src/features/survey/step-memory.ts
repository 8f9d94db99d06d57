/**
 * The step a survey was left on, per survey id, so a reload (or a reopened app) comes back to it.
 * Only a number: localStorage is fine for it (nothing personal). Storage may be blocked: then step 1.
 */
const key = (id: string) => `tidemark.survey.step.${id}`;

export function readStep(id: string): number {
  try {
    const v = Number(globalThis.localStorage?.getItem(key(id)));
    return Number.isInteger(v) && v >= 0 ? v : 0;
  } catch {
    return 0;
  }
}

export function writeStep(id: string, step: number): void {
  try {
    globalThis.localStorage?.setItem(key(id), String(step));
  } catch {
    /* the step is a convenience; the draft itself is in IndexedDB */
  }
}
