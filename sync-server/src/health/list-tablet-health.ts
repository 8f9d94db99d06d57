import type { TabletHealthResponse, TabletHealthRow } from '../../../src/shared/protocol/tablet-health';
import type { AppContext } from '../context';
import type { UserRow } from '../store/store';
import { readableTownships } from '../sync/scope';
import { compareByRisk, risksOf } from './tablet-risk';

/**
 * The county's view of its tablets (SPEC H4–H5): the latest report of each (client id, account) whose
 * account works in a township the caller may read — by division code through the registry, never by
 * name — with the worker's display name and the township's name, most at risk first.
 */
export async function listTabletHealth(ctx: AppContext, caller: UserRow, staleHours: number): Promise<TabletHealthResponse> {
  const townships = await readableTownships(ctx.store, caller);
  const allowed = townships === null ? null : new Set(townships);
  const users = (await ctx.store.listUsers()).filter((u) => allowed === null || (u.township !== null && allowed.has(u.township)));
  const byId = new Map(users.map((u) => [u.id, u]));
  const userIds = [...byId.keys()];
  const [reports, devices, divisions] = await Promise.all([
    ctx.store.listTabletHealth(allowed === null ? {} : { userIds }),
    ctx.store.listDevices(allowed === null ? {} : { userIds }),
    ctx.store.listDivisions(),
  ]);
  const deviceName = new Map(devices.map((d) => [d.id, d.name]));
  const division = new Map(divisions.map((d) => [d.code, d]));
  const now = ctx.clock();
  const settings = { now, staleHours, currentAppVersion: ctx.config.currentAppVersion, nearQuotaRatio: ctx.config.tabletNearQuotaRatio };
  const tablets: TabletHealthRow[] = [];
  for (const r of reports) {
    const u = byId.get(r.userId);
    if (!u) continue; // an account removed from the caller's area since (or deleted): not theirs to see
    const township = u.township ? division.get(u.township) : undefined;
    const county = township?.parentCode ? division.get(township.parentCode) : undefined;
    const row: Omit<TabletHealthRow, 'risks'> = {
      clientId: r.clientId,
      tabletId: r.tabletId,
      deviceName: deviceName.get(r.clientId) ?? null,
      userId: u.id,
      username: u.username,
      displayName: u.displayName,
      township: u.township,
      townshipName: township?.name ?? u.township,
      countyName: county?.name ?? null,
      kind: r.kind,
      appVersion: r.appVersion,
      receivedAt: r.receivedAt,
      lastSyncedAt: r.lastSyncedAt,
      pendingRecords: r.pendingRecords,
      oldestPendingAt: r.oldestPendingAt,
      pendingAttachments: r.pendingAttachments,
      rejected: r.rejected,
      storagePersisted: r.storagePersisted,
      storageUsageBytes: r.storageUsageBytes,
      storageQuotaBytes: r.storageQuotaBytes,
      lastErrorCode: r.lastErrorCode,
    };
    tablets.push({ ...row, risks: risksOf(row, settings) });
  }
  tablets.sort(compareByRisk);
  return {
    now: now.toISOString(),
    staleHours,
    currentAppVersion: ctx.config.currentAppVersion,
    nearQuotaRatio: ctx.config.tabletNearQuotaRatio,
    tablets,
  };
}
