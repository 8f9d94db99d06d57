import type { DisplacedHousehold } from '../../schema/displaced-household';
import { PAYMENT_FORMS, type PaymentForm, type ReliefDistribution, type ReliefItemKind } from '../../schema/relief';
import type { InTownship } from './county-report';
import { deduplicateHouseholds } from './deduplicate-households';
import { plainIdKey, type PersonKeyOf } from './person-key';
import { instant, toFen, toYuan } from './time';

/** One household of the county's household form 应急统表10, in its column order. */
export interface Form10Row {
  township: string;
  headName: string;
  /** In full: the county's form asks for it (the export is audited on the server, privacy.md §3). */
  headIdNumber: string;
  phone: string;
  householdType: DisplacedHousehold['householdType'];
  householdSize: number;
  address: string;
  /**
   * When the household needs emergency or transitional living support: its people as the summary table
   * counts them (de-duplicated: a member counted in another household is not counted twice), else 0.
   * So a household's 需救助人口 here equals its part of 需紧急生活救助人口 there (issue 13 item 4).
   */
  peopleNeedingHelp: number;
  cashYuan: number;
  /** Goods at their converted value. */
  goodsYuan: number;
  /** The forms of payment used, in a fixed order. */
  payments: PaymentForm[];
  /** The household's records (two when it was registered twice). */
  householdIds: string[];
}

export interface Form10Options {
  /** Only hand-outs made by then, and households checked in by then. */
  at?: string;
  /** Only these items (the winter-spring form: ['winter-spring'] and the goods of that round). */
  kinds?: readonly ReliefItemKind[];
  /** Only these rounds (compared as text). */
  rounds?: readonly string[];
}

/**
 * Rows for 应急统表10, one per household: a household registered twice is one row (its representative
 * record's head, size and address) with the hand-outs of both records. Rows follow `townshipOrder`,
 * then check-in time, then record id. Hand-outs whose household record is unknown have no row.
 */
export function householdForm10Rows(
  households: readonly InTownship<DisplacedHousehold>[],
  handouts: readonly ReliefDistribution[],
  keyOf: PersonKeyOf = plainIdKey,
  options: Form10Options & { townshipOrder?: readonly string[] } = {},
): Form10Row[] {
  const units = deduplicateHouseholds(households, options.at, keyOf).filter((u) => u.stay.status !== 'pending');
  const atMs = options.at === undefined ? Infinity : instant(options.at);
  const byRecord = new Map<string, ReliefDistribution[]>();
  for (const h of handouts) {
    if (instant(h.at) > atMs) continue;
    if (options.kinds && !options.kinds.includes(h.item.kind)) continue;
    if (options.rounds && !options.rounds.includes(String(h.round).trim())) continue;
    byRecord.set(h.householdId, [...(byRecord.get(h.householdId) ?? []), h]);
  }

  const rows = units.map((u) => {
    const h = u.representative;
    const given = u.records.flatMap((r) => (r.eventId === h.eventId ? (byRecord.get(r.id) ?? []) : []));
    const used = new Set(given.map((g) => g.payment));
    const needs = h.needsEmergencySupport || h.needsTransitionalSupport;
    const row: Form10Row = {
      township: h.township,
      headName: h.head.name,
      headIdNumber: h.head.idNumber,
      phone: h.head.phone ?? '',
      householdType: h.householdType,
      householdSize: h.membersCount,
      address: [h.origin.township ?? h.township, h.origin.village, h.origin.group ?? ''].join(''),
      peopleNeedingHelp: needs ? u.people : 0,
      cashYuan: toYuan(given.filter((g) => g.item.category === 'cash').reduce((s, g) => s + toFen(g.cashValue), 0)),
      goodsYuan: toYuan(given.filter((g) => g.item.category === 'goods').reduce((s, g) => s + toFen(g.cashValue), 0)),
      payments: PAYMENT_FORMS.filter((p) => used.has(p)),
      householdIds: u.records.map((r) => r.id),
    };
    return { row, checkIn: instant(h.checkInAt), id: h.id };
  });

  const order = options.townshipOrder ?? [];
  const ti = (t: string) => (order.includes(t) ? order.indexOf(t) : order.length);
  return rows
    .sort((a, b) => ti(a.row.township) - ti(b.row.township) || (a.row.township < b.row.township ? -1 : a.row.township > b.row.township ? 1 : 0) || a.checkIn - b.checkIn || (a.id < b.id ? -1 : 1))
    .map((r) => r.row);
}
