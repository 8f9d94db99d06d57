/** How long ago, in the unit a duty officer reads at a glance: minutes under 2 h, hours under 2 days, then days. */
export function ageParts(iso: string, now: string): { unit: 'minutes' | 'hours' | 'days'; count: number } {
  const ms = Math.max(0, Date.parse(now) - Date.parse(iso));
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return { unit: 'minutes', count: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { unit: 'hours', count: hours };
  return { unit: 'days', count: Math.floor(hours / 24) };
}
