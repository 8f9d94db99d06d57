/**
 * Numbers and dates on the dashboard: Chinese formats by default (1,234 and 12月5日), English when chosen.
 * Okabe–Ito colours: told apart with the common colour-blindnesses and in greyscale print (with decals).
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#000000'];

export function formatNumber(n: number, lang: string): string {
  return new Intl.NumberFormat(lang.startsWith('en') ? 'en' : 'zh-CN').format(n);
}

/** A China date (YYYY-MM-DD) as 12月5日, or Dec 5 in English. */
export function formatDay(day: string, lang: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  if (lang.startsWith('en')) return new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
  return `${m}月${d}日`;
}
