/**
 * A conflicting value as one line of text: strings as they are, nested objects as "key: value" pairs.
 * The value given here is already masked (ConflictListItem.values[].shown): no full ID number is shown.
 */
export function formatConflictValue(value: unknown, empty: string): string {
  if (value === null || value === undefined || value === '') return empty;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length ? value.map((v) => formatConflictValue(v, empty)).join('；') : empty;
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? `{${formatConflictValue(v, empty)}}` : formatConflictValue(v, empty)}`);
    return parts.length ? parts.join('，') : empty;
  }
  return String(value);
}
