/**
 * A list for `IN (…)`, its length rounded up to the next power of two by repeating its last item (issue 14,
 * seventeenth session). A statement's text holds one parameter per item, so every length was a statement
 * SQLite prepared anew (the store keeps prepared statements by text): ~180 prepares for a 10,000-record
 * ingest, the flag search's on every push. Rounded, a list of 1–500 items takes one of ten texts.
 * Only for `column IN (list)` as a condition: an item repeated matches the same rows, and each row once.
 */
export function paddedList<T>(items: readonly T[]): T[] {
  const n = items.length;
  if (n <= 2) return [...items];
  let size = 4;
  while (size < n) size *= 2;
  const out = [...items];
  const last = items[n - 1]!;
  while (out.length < size) out.push(last);
  return out;
}
