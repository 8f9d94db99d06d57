import { maskIdNumber } from '../../../src/shared/rules/id-number';
import { findDoubleHandouts } from '../../../src/shared/rules/relocation/find-double-handouts';
import { flagDuplicatePeople, indexPersonKeys, personKeysOf } from './after-push-people';
import { ITEM_ZH } from '../../../src/shared/rules/relocation/labels-zh';
import { reliefDistributionSchema, type ReliefDistribution } from '../../../src/shared/schema/relief';
import { RELIEF_CORRECTION_ENTITY, reliefCorrectionSchema, type ReliefCorrection } from '../../../src/shared/schema/relief-correction';
import { correctedLedger } from '../../../src/shared/rules/relief-ledger';
import type { AppContext } from '../context';
import { listAllRecords } from '../reports/list-all-records';
import { parsedValueOf } from './parsed-values';
import type { StoredRecord } from '../store/store';
import { flagRecordId, PendingFlags, type FlagCandidate, type FlagWriter } from './after-push-flag-write';

export interface DetectOptions {
  /** Records (`entity\u0000id`) whose person index is current already: the push wrote it with them. */
  indexed?: { has(key: string): boolean };
  /** The ID-number HMAC to use (the push's, which remembers what it computed); ctx.idHmac() otherwise. */
  idHmac?: (idNumber: string) => string;
  /**
   * The records the push wrote (`entity\u0000id`), as it wrote them: a hand-out read back that is still
   * that write (same version and time) is taken as written, with the push's parse (SPEC I2).
   */
  written?: ReadonlyMap<string, StoredRecord>;
}

/** The households of one event sharing a head (by id_hmac), or one household without an HMAC. */
interface HouseholdGroup {
  eventId: string;
  /** The head's id_hmac, or `record:<id>` for a household stored without one. */
  key: string;
  households: StoredRecord[];
  /** Relief records that brought this group in (their townships are searched for siblings). */
  reliefTownships: Set<string>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function headLabel(households: StoredRecord[]): string {
  const head = (households[0]?.fields.head ?? {}) as { name?: unknown; idNumber?: unknown };
  // Masked as every screen shows it (privacy.md §3); the flag never holds the number itself.
  const id = str(head.idNumber);
  return `户主 ${str(head.name)}${id ? ` ${maskIdNumber(id)}` : ''}`;
}

/** Earliest-created first: the flag opens in the township of the record that was there first. */
export const firstCreated = (records: StoredRecord[]) =>
  [...records].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))[0];

export const townshipsOf = (records: StoredRecord[]) => [...new Set(records.map((r) => r.township).filter((t): t is string => t !== null))].sort();

/**
 * Looks, around the given household and relief records, for what only shows after sync
 * (relocation-relief.md) and writes a flag for each:
 * - duplicate-person: a person (head or member, by ID-number HMAC) named by household records of the
 *   same event that are not one household registered twice (after-push-people.ts);
 * - double-handout: two or more hand-outs of one item in one round to one household, where the two
 *   registrations of a household (same head id_hmac) count as one household.
 * A hand-out whose household record the server does not have yet is left alone: a tablet pushes a
 * household before its hand-outs (P1), so it only happens when the household was rejected.
 */
export async function detectFlags(ctx: AppContext, seeds: readonly StoredRecord[], by: FlagWriter, options: DetectOptions = {}): Promise<number> {
  const store = ctx.store;
  // Every person of every household first (head and members), so records of one batch find each other;
  // those the push wrote were indexed in its own transaction.
  const seedHouseholds = seeds.filter((s) => s.entity === 'household');
  await indexPersonKeys(ctx, seedHouseholds.filter((h) => !options.indexed?.has(`household\u0000${h.id}`)));
  // Issue 14: the households the batch's hand-outs name, and every registration sharing a head with a
  // household at hand, each in one query for the whole batch.
  // A void or correction (SPEC R6) is looked at through the hand-out it corrects.
  const corrected = seeds.filter((s) => s.entity === RELIEF_CORRECTION_ENTITY);
  const originals = corrected.length ? await store.getRecords(corrected.map((s) => ({ entity: 'relief', id: str(s.fields.originalId) }))) : [];
  const reliefSeeds = [...seeds.filter((s) => s.entity === 'relief'), ...originals.filter((r) => !r.deleted)];
  const named = new Map((await store.getRecords(reliefSeeds.map((s) => ({ entity: 'household', id: str(s.fields.householdId) })))).map((h) => [h.id, h]));
  const heads = new Set<string>();
  for (const h of [...seedHouseholds, ...named.values()]) if (h.idHmac && !h.deleted) heads.add(h.idHmac);
  // A head no other record names is a group of one: only the shared ones are read. One query for the
  // heads and every person of the seed households (the duplicate-person check's question too).
  const hmac = options.idHmac ?? (await ctx.idHmac());
  const people = new Set([...heads, ...personKeysOf(seedHouseholds, hmac)]);
  const shared = people.size ? await store.sharedPeople([...people]) : new Set<string>();
  const byHead = new Map<string, StoredRecord[]>();
  for (const r of shared.size ? await store.findRecordsByPeople([...shared]) : []) {
    if (r.entity !== 'household' || r.deleted || !r.idHmac || !heads.has(r.idHmac)) continue;
    byHead.set(r.idHmac, [...(byHead.get(r.idHmac) ?? []), r]);
  }
  const groups = new Map<string, HouseholdGroup>();
  const addGroup = (household: StoredRecord, reliefTownship: string | null) => {
    const eventId = str(household.fields.eventId);
    const key = household.idHmac ?? `record:${household.id}`;
    const gk = `${eventId}\u0000${key}`;
    let g = groups.get(gk);
    if (!g) {
      const same = household.idHmac && shared.has(household.idHmac) ? (byHead.get(household.idHmac) ?? []).filter((r) => r.fields.eventId === eventId) : [household];
      g = { eventId, key, households: same.sort((a, b) => (a.id < b.id ? -1 : 1)), reliefTownships: new Set() };
      groups.set(gk, g);
    }
    if (reliefTownship) g.reliefTownships.add(reliefTownship);
  };
  for (const s of seedHouseholds) addGroup(s, null);
  for (const s of reliefSeeds) {
    const household = named.get(str(s.fields.householdId));
    if (household && !household.deleted) addGroup(household, s.township);
  }

  const found = new PendingFlags();
  await flagDuplicatePeople(ctx, seedHouseholds, found, hmac, shared);
  // Hand-outs are only searched when this push brought one, or when a second registration appeared.
  const searched = [...groups.values()].filter((g) => g.reliefTownships.size > 0 || g.households.length >= 2);
  // Every hand-out of those households in one query, through the index of migration 007 (issue 14).
  // SPEC I2: one the push wrote, and nobody rewrote since, is the push's own record and parse, not parsed again.
  const handouts = (searched.length ? await store.findReliefByHouseholds(searched.flatMap((g) => g.households.map((h) => h.id))) : []).map((r) => asWritten(r, options.written));
  // SPEC R6: doubles are found in the corrected ledger. Corrections are stored in their original's
  // township (R2), so the townships of these hand-outs hold every correction of them.
  const handoutIds = new Set(handouts.map((h) => h.id));
  const correctionTownships = townshipsOf(handouts);
  const corrections = correctionTownships.length
    ? (await listAllRecords(store, { entity: RELIEF_CORRECTION_ENTITY, townships: correctionTownships })).flatMap((r) => {
        const c = reliefCorrectionSchema.safeParse(r.fields);
        return c.success && handoutIds.has(c.data.originalId) ? [c.data as ReliefCorrection] : [];
      })
    : [];
  // Each group's hand-outs through an index by household (in the order read), not a scan of all per group.
  const byHousehold = new Map<string, number[]>();
  handouts.forEach((r, i) => {
    const h = str(r.fields.householdId);
    const at = byHousehold.get(h);
    if (at) at.push(i);
    else byHousehold.set(h, [i]);
  });
  for (const g of searched) flagDoubleHandouts(g, found, handouts, byHousehold, corrections);
  // Every flag found, in one transaction (issue 14).
  return found.write(ctx, by);
}

/** The push's own record when `read` is still the write it made (same version and time), else `read`. */
function asWritten(read: StoredRecord, written: ReadonlyMap<string, StoredRecord> | undefined): StoredRecord {
  const w = written?.get(`${read.entity}\u0000${read.id}`);
  return w && w.version === read.version && w.updatedAt === read.updatedAt && w.deleted === read.deleted ? w : read;
}

function flagDoubleHandouts(
  g: HouseholdGroup,
  found: PendingFlags,
  handouts: readonly StoredRecord[],
  byHousehold: ReadonlyMap<string, readonly number[]>,
  corrections: readonly ReliefCorrection[],
): void {
  // The hand-outs of this group's households, whichever township's tablet gave them, in the order read.
  const at: number[] = [];
  for (const h of new Set(g.households.map((h) => h.id))) for (const i of byHousehold.get(h) ?? []) at.push(i);
  at.sort((a, b) => a - b);
  const records = at.map((i) => handouts[i]!).filter((r) => !r.deleted && r.fields.eventId === g.eventId);
  const parsed = records.flatMap((r) => {
    // A hand-out this push wrote: the parse its schema made then (SPEC I2); the same value parsing its stored fields gives.
    const kept = parsedValueOf(r.fields);
    if (kept !== undefined) return [{ record: r, handout: kept as ReliefDistribution }];
    const p = reliefDistributionSchema.safeParse(r.fields);
    return p.success ? [{ record: r, handout: p.data as ReliefDistribution }] : [];
  });
  // A voided hand-out is no second hand-out, a corrected one counts with its corrected item; a flag
  // opened before a void stays for the county.
  const ledger = correctedLedger(parsed.map((p) => p.handout), [...corrections]).handouts;
  for (const d of findDoubleHandouts(ledger, () => g.key)) {
    const inGroup = parsed.filter((p) => d.handoutIds.includes(p.handout.id)).map((p) => p.record);
    const first = firstCreated(inGroup)!;
    const c: FlagCandidate = {
      kind: 'double-handout', eventId: g.eventId, entity: 'relief', recordIds: d.handoutIds,
      householdIds: [...new Set(inGroup.map((r) => str(r.fields.householdId)))].sort(),
      itemKind: d.itemKind, round: d.round,
      key: `${headLabel(g.households)} · ${ITEM_ZH[d.itemKind]} · 第${d.round}轮`,
      townships: townshipsOf(inGroup), township: first.township,
    };
    found.add(flagRecordId('double-handout', [g.eventId, g.key, d.itemKind, d.round]), c);
  }
}
