import type { Risk, TabletHealthRow } from '../../../src/shared/protocol/tablet-health';

/** Dotted numeric versions compared part by part; anything else (e.g. `dev`) is never called old. */
export function isOlderVersion(version: string, current: string): boolean {
  const parse = (v: string) => (/^\d+(\.\d+)*$/.test(v.split(/[+-]/)[0]!) ? v.split(/[+-]/)[0]!.split('.').map(Number) : null);
  const a = parse(version);
  const b = parse(current);
  if (!a || !b) return false;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
}

export interface RiskSettings {
  now: Date;
  staleHours: number;
  currentAppVersion: string;
  nearQuotaRatio: number;
}

type Row = Omit<TabletHealthRow, 'risks'>;

/** Why a tablet is at risk (SPEC H5), most urgent first. */
export function risksOf(r: Row, s: RiskSettings): Risk[] {
  const out: Risk[] = [];
  const lastSync = r.lastSyncedAt ? Date.parse(r.lastSyncedAt) : null;
  // Never synced counts as "long ago": a tablet that never uploaded its records is the worst case.
  const staleMs = s.staleHours * 3_600_000;
  if (r.pendingRecords > 0 && (lastSync === null || s.now.getTime() - lastSync > staleMs)) out.push('stale');
  if (r.pendingRecords > 0) out.push('waiting');
  if (isOlderVersion(r.appVersion, s.currentAppVersion)) out.push('oldVersion');
  if (r.storageUsageBytes !== null && r.storageQuotaBytes && r.storageUsageBytes / r.storageQuotaBytes >= s.nearQuotaRatio) out.push('nearQuota');
  if (r.storagePersisted === false) out.push('notPersisted');
  if (r.lastErrorCode) out.push('error');
  return out;
}

const time = (iso: string | null, missing: number) => (iso ? Date.parse(iso) : missing);

/**
 * Risk order (SPEC H5): stale tablets holding records first; then by the oldest waiting record (older
 * first); then old app version; then near the storage quota; then the rest by their last sync, oldest
 * first. Ties go by worker and client id, so the order is stable.
 */
export function compareByRisk(a: TabletHealthRow, b: TabletHealthRow): number {
  const has = (r: TabletHealthRow, k: Risk) => (r.risks.includes(k) ? 0 : 1);
  return (
    has(a, 'stale') - has(b, 'stale') ||
    time(a.oldestPendingAt, Infinity) - time(b.oldestPendingAt, Infinity) ||
    has(a, 'oldVersion') - has(b, 'oldVersion') ||
    has(a, 'nearQuota') - has(b, 'nearQuota') ||
    time(a.lastSyncedAt, -Infinity) - time(b.lastSyncedAt, -Infinity) ||
    a.username.localeCompare(b.username) ||
    a.clientId.localeCompare(b.clientId)
  );
}
