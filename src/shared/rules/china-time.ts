/**
 * China time (UTC+8, no daylight saving), the zone every township works in, whatever the zone of the
 * tablet or the server: a record typed at 10:30 reads 10:30 on the county's screen and in its exports.
 * Pure: the instant is always an argument, so tests and the server's injected clock decide "now".
 */
const OFFSET_MS = 8 * 3600_000;

/** The ISO text of an instant moved to China time (its "Z" is then China's wall clock), or null. */
function shifted(iso: string): string | null {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms + OFFSET_MS).toISOString();
}

/** The calendar date (YYYY-MM-DD) in China time of an instant: "today" for a worker, a site's opening day. */
export function chinaDate(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** HH:mm */
export function formatTime(iso: string): string {
  return shifted(iso)?.slice(11, 16) ?? '';
}

/** YYYY-MM-DD HH:mm */
export function formatDateTime(iso: string): string {
  const s = shifted(iso);
  return s ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : '';
}

/** The value of an <input type="datetime-local"> (YYYY-MM-DDTHH:mm) for an ISO time. */
export function isoToLocalInput(iso: string): string {
  return shifted(iso)?.slice(0, 16) ?? '';
}

/** An ISO time (UTC, "Z") for a datetime-local value typed in China time; '' when empty or invalid. */
export function localInputToIso(local: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)) return '';
  const ms = Date.parse(`${local.length === 16 ? `${local}:00` : local}+08:00`);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}
