/**
 * Times in records carry their own offset (+08:00 from tablets, Z from the server), so they are
 * compared as instants, never as strings: "2026-06-20T23:00:00Z" is later than "2026-06-21T06:00:00+08:00".
 */
export function instant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not a date-time: ${iso}`);
  return ms;
}

/** Yuan → whole fen, so sums of money never drift (0.1 + 0.2). */
export const toFen = (yuan: number): number => Math.round(yuan * 100);
export const toYuan = (fen: number): number => fen / 100;
