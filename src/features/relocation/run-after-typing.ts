/**
 * One run of a list query inside an effect: at once for the first load and for data changes, after
 * `debounceMs` without typing when the text changed. `run` is told whether its answer is still wanted
 * (`live()`), so a slow answer to an old text never replaces a newer one. Returns the effect's cleanup.
 */
export function runAfterTyping(typed: boolean, debounceMs: number, run: (live: () => boolean) => void): () => void {
  let live = true;
  const go = () => run(() => live);
  if (!typed) {
    go();
    return () => {
      live = false;
    };
  }
  const timer = setTimeout(go, debounceMs);
  return () => {
    live = false;
    clearTimeout(timer);
  };
}
