/**
 * The codes a checkbox group holds: react-hook-form gives a list for several boxes, but the value itself
 * (or false) when the group has a single box.
 */
export function pickedList(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  return typeof v === 'string' && v !== '' ? [v] : [];
}
