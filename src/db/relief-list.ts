import type { ReliefListItem } from './contracts';
import type { CachedRecord } from './record-cache';
import { roundKey, type ReliefDistribution } from '../shared/schema/relief';

/** The ledger row of a decrypted hand-out. */
export function toReliefListItem(c: CachedRecord, ledger: ReliefListItem['ledger']): ReliefListItem {
  const f = c.fields as unknown as ReliefDistribution;
  return {
    id: c.row.id,
    householdId: f.householdId,
    eventId: f.eventId,
    at: f.at,
    round: roundKey(f.round),
    category: f.item.category,
    itemKind: f.item.kind,
    quantity: f.quantity,
    unit: f.unit,
    cashValue: f.cashValue,
    payment: f.payment,
    confirmation: f.recipient.confirmation,
    proxy: f.recipient.proxy ?? null,
    issuingOfficer: f.issuingOfficer,
    syncState: c.row.syncState,
    rejection: c.row.rejection,
    updatedAt: c.row.updatedAt,
    ledger,
  };
}

/** Latest hand-out first. */
export function byHandoutTimeDesc(a: ReliefListItem, b: ReliefListItem): number {
  const d = Date.parse(b.at) - Date.parse(a.at);
  return d !== 0 ? d : a.id < b.id ? -1 : 1;
}
