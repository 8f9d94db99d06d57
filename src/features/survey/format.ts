/** 180 KB, 2.1 MB: a size a worker can compare. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Yuan with two decimals: 400.00. */
export function yuan(n: number): string {
  return n.toFixed(2);
}
