/** Human units for the results table (decimal MB/KB, as network figures are quoted). */
export function ms(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v >= 10_000) return `${(v / 1000).toFixed(1)} s`;
  if (v >= 1000) return `${(v / 1000).toFixed(2)} s`;
  if (v >= 100) return `${v.toFixed(0)} ms`;
  if (v >= 10) return `${v.toFixed(1)} ms`;
  return `${v.toFixed(2)} ms`;
}

export function bytes(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} MB`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)} KB`;
  return `${v} B`;
}

export function count(v: number): string {
  return Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—';
}

export function rate(perSecond: number): string {
  return `${count(perSecond)} rec/s`;
}

/** A ratio like 0.42× or 12.5×. */
export function times(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return v >= 10 ? `${v.toFixed(1)}×` : v >= 0.1 ? `${v.toFixed(2)}×` : `${v.toFixed(3)}×`;
}

export function percent(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '—';
}
