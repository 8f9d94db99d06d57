import { sha256Hex } from '../security/sha256-hex';
import { checkEntitlement, type EntitlementCheck } from '../shared/rules/relocation/check-entitlement';
import { plainIdKey } from '../shared/rules/relocation/person-key';
import { entitlementSchema, type Entitlement } from '../shared/schema/entitlement';
import { reliefDistributionSchema, type ReliefDistribution } from '../shared/schema/relief';
import type { UserKeys } from '../security/key-bundle';
import { AppError, type UnlockedSession } from './contracts';
import type { RecordCache } from './record-cache';
import { byHandoutTimeDesc, toReliefListItem } from './relief-list';
import { localLedger, toCorrectionView } from './relief-ledger-local';
import { RELIEF_CORRECTION_ENTITY, reliefCorrectionSchema, voidRecordId } from '../shared/schema/relief-correction';
import { saveRecord, validationError } from './save-record';
import type { UserDb } from './user-db';

export type ReliefApi = NonNullable<UnlockedSession['relief']>;

export interface ReliefApiDeps {
  db: UserDb;
  cache: RecordCache;
  /** The unlocked keys; throws LOCKED after lock(). */
  keys: () => UserKeys;
  now: () => Date;
  newId: () => string;
  /** The worker's township: its own entitlement wins over the county-wide one. */
  township: string | null;
  /** The worker's name, on the corrections they make (SPEC R1). */
  by: string;
  /** After a write that changed something: wake the sync engine, tell the screens. */
  changed: () => void;
}

/** The refusal or unconfirmed repeat, as a validation failure the form shows next to the item. */
function entitlementError(check: EntitlementCheck): AppError {
  const message = check.result === 'refuse' ? 'entitlement.exceeded' : 'entitlement.repeatUnconfirmed';
  const e = validationError([{ path: [check.result === 'refuse' ? 'quantity' : 'item'], message }]);
  return new AppError(e.code, e.message, { ...(e.details as object), check });
}

/**
 * session.relief: the relief distribution ledger (relocation-relief.md). Every hand-out goes through
 * saveRecord (validate, seal, record + outbox change in one strict transaction) after the entitlement
 * check, so the tablet refuses a hand-out beyond the entitlement and asks for a confirmation on a repeat
 * in the round — whatever screen calls it. What only shows after sync (the same household registered on
 * another tablet) is the server's to flag (sync-server/src/sync/after-push-flags.ts).
 */
export function createReliefApi(deps: ReliefApiDeps): ReliefApi {
  const { db, cache } = deps;

  async function entitlements(): Promise<Entitlement[]> {
    const rows = await db.reference.where('entity').equals('entitlement').toArray();
    // Reference data is validated at the edge it came in by (the server); a row this app version cannot
    // read is skipped rather than failing every hand-out.
    return rows.flatMap((r) => {
      const p = entitlementSchema.safeParse({ ...r.fields, id: r.id });
      return p.success ? [p.data] : [];
    });
  }

  /**
   * Hand-outs on this tablet as they count, through their voids and corrections (SPEC R4), and each
   * household record's head key (two registrations of one head are one household).
   */
  async function ledger(eventId: string) {
    const all = await cache.all();
    const headKey = new Map<string, string>();
    for (const c of all) {
      if (c.row.entity !== 'household') continue;
      const id = (c.fields.head as { idNumber?: unknown } | undefined)?.idNumber;
      if (typeof id === 'string' && id) headKey.set(c.row.id, plainIdKey(id));
    }
    return { handouts: localLedger(all, eventId).ledger.handouts, headKey };
  }

  async function check(handout: ReliefDistribution): Promise<EntitlementCheck> {
    deps.keys();
    const { handouts, headKey } = await ledger(handout.eventId);
    const key = (householdId: string) => headKey.get(householdId) ?? `record:${householdId}`;
    return checkEntitlement(handout, handouts, await entitlements(), {
      township: deps.township,
      sameHousehold: (a, b) => key(a.householdId) === key(b.householdId),
    });
  }

  return {
    check,

    async save(input, options = {}) {
      if (!input || typeof input !== 'object' || Array.isArray(input)) throw validationError([{ path: [], message: 'required' }]);
      const raw: Record<string, unknown> = { ...(input as Record<string, unknown>) };
      if (!raw.id) raw.id = deps.newId();
      const parsed = reliefDistributionSchema.safeParse(raw);
      if (!parsed.success) throw validationError(parsed.error.issues);
      const handout = parsed.data;
      deps.keys();
      const household = await cache.get(handout.householdId);
      if (!household || household.row.entity !== 'household') throw new AppError('NOT_FOUND', 'No such household on this tablet.');
      // The confirmation is the household's receipt: a hand-out without its photo on this tablet is not saved.
      if (!(await db.attachments.get(handout.recipient.attachmentSha256))) {
        throw validationError([{ path: ['recipient', 'attachmentSha256'], message: 'confirmation.missing' }]);
      }
      const result = await check(handout);
      if (result.result === 'refuse' || (result.result === 'warn' && !options.confirmRepeat)) throw entitlementError(result);
      const { id, changed } = await saveRecord({ db, keys: deps.keys(), now: deps.now, newId: deps.newId, township: deps.township }, 'relief', handout, { newRecord: options.newRecord });
      if (changed) deps.changed();
      return { id, check: result };
    },

    async get(id) {
      deps.keys();
      const c = await cache.get(id);
      return c && c.row.entity === 'relief' ? (structuredClone(c.fields) as unknown as ReliefDistribution) : null;
    },

    async list(query = {}) {
      deps.keys();
      const all = await cache.all();
      const { ledger: l, corrections } = localLedger(all, query.eventId);
      const entries = new Map(l.entries.map((e) => [e.original.id, e]));
      return all
        .filter((c) => c.row.entity === 'relief')
        .filter((c) => (!query.householdId || c.fields.householdId === query.householdId) && (!query.eventId || c.fields.eventId === query.eventId))
        .map((c) => {
          const e = entries.get(c.row.id);
          const views = corrections.filter((k) => k.fields.originalId === c.row.id).map(toCorrectionView).sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1));
          const corrected = e?.state === 'corrected' && e.effective ? { item: e.effective.item, quantity: e.effective.quantity, unit: e.effective.unit, cashValue: e.effective.cashValue, payment: e.effective.payment } : null;
          return toReliefListItem(c, { state: e?.state ?? 'valid', corrected, corrections: views });
        })
        .sort(byHandoutTimeDesc);
    },

    async correct(originalId, change) {
      deps.keys();
      const original = await cache.get(originalId);
      if (!original || original.row.entity !== 'relief') throw new AppError('NOT_FOUND', 'No such hand-out on this tablet.');
      const handout = original.fields as unknown as ReliefDistribution;
      const { handouts } = await ledger(handout.eventId);
      // SPEC R3: nothing after a void, on this tablet as on the server.
      if (!handouts.some((h) => h.id === originalId)) throw validationError([{ path: ['originalId'], message: 'correction.alreadyVoided' }]);
      // A void's id is the hand-out's own (R3); a correction's is fresh.
      const fresh = change.action !== 'void';
      const id = fresh ? deps.newId() : await voidRecordId(originalId, sha256Hex);
      const parsed = reliefCorrectionSchema.safeParse({
        id, originalId, action: change.action, reason: change.reason, at: deps.now().toISOString(), by: deps.by,
        ...(change.action === 'correct' && change.corrected ? { corrected: change.corrected } : {}),
      });
      if (!parsed.success) throw validationError(parsed.error.issues);
      if (parsed.data.corrected) {
        // A correction is held to the entitlement like a hand-out: the corrected values against the rest of the round.
        const result = await check({ ...handout, ...parsed.data.corrected });
        if (result.result === 'refuse') throw entitlementError(result);
      }
      // Issue 18 (SPEC O5): a correction under a fresh id is new, so its save skips the read before the write;
      // a void's id may be on this tablet already (the same void saved before), so it is read first.
      const saved = await saveRecord({ db, keys: deps.keys(), now: deps.now, newId: deps.newId, township: deps.township }, RELIEF_CORRECTION_ENTITY, parsed.data, { newRecord: fresh });
      if (saved.changed) deps.changed();
      return { id: saved.id };
    },
  };
}
