import { maskIdNumber } from '../../../src/shared/rules/id-number';
import { findDuplicatePeople, type DuplicatePerson } from '../../../src/shared/rules/relocation/find-duplicate-people';
import { personDisagreements } from '../../../src/shared/rules/relocation/person-disagreements';
import { displacedHouseholdSchema, type DisplacedHousehold } from '../../../src/shared/schema/displaced-household';
import type { AppContext } from '../context';
import type { PersonKeysEntry, StoredRecord } from '../store/store';
import { firstCreated, townshipsOf } from './after-push-detect';
import { flagRecordId, type FlagCandidate, type PendingFlags } from './after-push-flag-write';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The ID numbers a stored household names: its head's and its members' (those that have one). */
function idNumbersOf(fields: Record<string, unknown>): string[] {
  const head = str((fields.head as { idNumber?: unknown } | undefined)?.idNumber);
  const members = Array.isArray(fields.members) ? (fields.members as { idNumber?: unknown }[]).map((m) => str(m?.idNumber)) : [];
  return [head, ...members].filter((x) => x.trim() !== '');
}

/**
 * Writes the person index of these households (store.replacePersonKeys): the HMAC of every ID number
 * each names. records.id_hmac keys the head only, written in the push transaction; the members' keys are
 * written here, after the commit, with the same exactly-once argument as the flags (after-push-flags.ts):
 * a replayed push writes them again, and POST /api/flags/rescan rebuilds them for an event.
 */
export async function indexPersonKeys(ctx: AppContext, households: readonly StoredRecord[]): Promise<void> {
  if (households.length === 0) return;
  const hmac = await ctx.idHmac();
  // One transaction for the batch's households (issue 14), not one each.
  await ctx.store.replacePersonKeysMany(households.map((h) => householdPersonKeys(h, hmac)));
}

/**
 * The person index of one household record: a push writes it in its own transaction for the households
 * it writes (batch-tx.ts, issue 14), indexPersonKeys after the commit for the others (replays, rescans).
 */
export function householdPersonKeys(h: Pick<StoredRecord, 'id' | 'fields' | 'deleted'>, hmac: (idNumber: string) => string): PersonKeysEntry {
  return { entity: 'household', recordId: h.id, idHmacs: h.deleted ? [] : [...new Set(idNumbersOf(h.fields).map(hmac))] };
}

/** The HMACs of every person these households name. */
export function personKeysOf(households: readonly StoredRecord[], hmac: (idNumber: string) => string): string[] {
  return households.flatMap((h) => idNumbersOf(h.fields).map(hmac));
}

/** "户主 刘桂兰 4115**********1234", "成员 …", "户主、成员 …": the roles, the name, the number masked (privacy.md §3). */
function personLabel(group: DuplicatePerson, byId: Map<string, { record: StoredRecord; value: DisplacedHousehold }>): string {
  const roles = new Set(group.occurrences.map((o) => o.role));
  const role = roles.size === 2 ? '户主、成员' : roles.has('head') ? '户主' : '成员';
  const o = group.occurrences[0]!;
  const h = byId.get(o.householdId)!.value;
  const person = o.role === 'head' ? h.head : (h.members ?? []).find((m) => m.id === o.memberId);
  const id = person?.idNumber ?? '';
  return `${role} ${person?.name ?? ''}${id ? ` ${maskIdNumber(id)}` : ''}`.slice(0, 200);
}

/**
 * Flags every person (head or member) named by household records of one event that are not one
 * household registered twice (issue 13 item 2): a member of one household who heads another, a member
 * of two households, in one township or two. The search starts from the people the seed households
 * name and finds the other records by HMAC (records.id_hmac for heads, the person index for members);
 * the grouping is the shared rule find-duplicate-people.ts, keyed by the same HMAC.
 * A member found only in records that share a head (one household registered twice) is left to that
 * head's flag, so a household registered twice gives one flag, not one per member.
 * The flag id is the event and the person's HMAC: the same id as the head-only check gave before.
 */
export async function flagDuplicatePeople(
  ctx: AppContext,
  seeds: readonly StoredRecord[],
  found: PendingFlags,
  idHmac?: (idNumber: string) => string,
  /** store.sharedPeople of (at least) every person of the seeds, when the caller asked already. */
  sharedAlready?: ReadonlySet<string>,
): Promise<void> {
  const hmac = idHmac ?? (await ctx.idHmac());
  const byEvent = new Map<string, { keys: Set<string>; records: Map<string, StoredRecord> }>();
  for (const seed of seeds) {
    const eventId = str(seed.fields.eventId);
    const e = byEvent.get(eventId) ?? { keys: new Set<string>(), records: new Map<string, StoredRecord>() };
    byEvent.set(eventId, e);
    for (const key of idNumbersOf(seed.fields).map(hmac)) e.keys.add(key);
  }
  // Issue 14: first which of the seeds' people more than one record names (only they can be anyone's
  // duplicate: a group needs two household records), then those people's records, by head
  // (records.id_hmac) and by member (the person index): two queries per batch instead of two per person.
  const shared = sharedAlready ?? (await ctx.store.sharedPeople([...byEvent.values()].flatMap((e) => [...e.keys])));
  for (const [eventId, e] of byEvent) {
    const keys = [...e.keys].filter((k) => shared.has(k));
    if (keys.length === 0) continue;
    for (const r of await ctx.store.findRecordsByPeople(keys)) {
      if (r.entity === 'household' && !r.deleted && r.fields.eventId === eventId) e.records.set(r.id, r);
    }
  }

  for (const [eventId, e] of byEvent) {
    const byId = new Map<string, { record: StoredRecord; value: DisplacedHousehold }>();
    for (const record of e.records.values()) {
      // A stored record that no longer parses is reported by the exports (skippedRecords), never guessed at.
      const p = displacedHouseholdSchema.safeParse(record.fields);
      if (p.success) byId.set(record.id, { record, value: p.data });
    }
    const households = [...byId.values()].map((x) => x.value);
    const headKey = new Map(households.map((h) => [h.id, hmac(h.head.idNumber)]));
    for (const group of findDuplicatePeople(households, hmac)) {
      if (!e.keys.has(group.key)) continue;
      const units = new Set(group.occurrences.map((o) => headKey.get(o.householdId)));
      if (units.size < 2 && !units.has(group.key)) continue; // one household registered twice: its head's flag
      const recordIds = [...new Set(group.occurrences.map((o) => o.householdId))].sort();
      const records = recordIds.map((id) => byId.get(id)!.record);
      const naming = recordIds.map((id) => byId.get(id)!.value);
      const c: FlagCandidate = {
        kind: 'duplicate-person', eventId, entity: 'household', recordIds,
        key: personLabel(group, byId),
        occurrences: group.occurrences,
        disagreements: personDisagreements(naming, group.key, hmac, true),
        townships: townshipsOf(records), township: firstCreated(records)!.township,
      };
      found.add(flagRecordId('duplicate-person', [eventId, group.key]), c);
    }
  }
}
