import { stayAt } from '../shared/rules/relocation/stay-at';
import type { DisplacedHousehold } from '../shared/schema/displaced-household';
import { AppError, type UnlockedSession } from './contracts';
import type { RecordCache } from './record-cache';
import { validationError } from './save-record';

type Households = UnlockedSession['households'];

export interface HouseholdMovesDeps {
  /** The session's own get and save: a move is an ordinary save of the household (one save path). */
  households: Pick<Households, 'get' | 'save'>;
  cache: RecordCache;
  /** Throws LOCKED after lock(). */
  live: () => void;
}

async function existing(h: Pick<Households, 'get'>, id: string): Promise<DisplacedHousehold> {
  const found = await h.get(id);
  if (!found) throw new AppError('NOT_FOUND', 'No such household on this tablet.');
  return found;
}

/**
 * Transfer (转移) and check-out (离开) of a displaced household, and its records for occupancy.
 * Occupancy is derived, never typed (relocation-relief.md): a transfer is appended to `transfers` and
 * the first placement (placement, shelterSiteId, checkInAt) stays as it was, so the history survives and
 * stay-at.ts reads where the household was at any time. Two tablets moving the same household offline
 * both write `transfers`; the server's per-field merge then reports a conflict rather than losing one.
 */
export function createHouseholdMoves(deps: HouseholdMovesDeps): Required<Pick<Households, 'transfer' | 'checkOut' | 'records'>> {
  const { households } = deps;
  return {
    async transfer(id, move) {
      const h = await existing(households, id);
      if (h.checkOut) throw validationError([{ path: ['checkOut'], message: 'transfer.checkedOut' }]);
      const atMs = Date.parse(move.at);
      if (Number.isNaN(atMs)) throw validationError([{ path: ['at'], message: 'date.invalid' }]);
      if (atMs < Date.parse(h.checkInAt)) throw validationError([{ path: ['at'], message: 'transfer.beforeCheckIn' }]);
      const from = stayAt(h, atMs);
      if (from.placement === 'centralised' && from.siteId === move.toSiteId) {
        throw validationError([{ path: ['toSiteId'], message: 'transfer.sameSite' }]);
      }
      const transfer = { at: move.at, ...(from.siteId ? { fromSiteId: from.siteId } : {}), toSiteId: move.toSiteId };
      const transfers = [...(h.transfers ?? []), transfer].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      await households.save({ ...h, transfers });
    },

    async checkOut(id, out) {
      const h = await existing(households, id);
      // The schema refuses a check-out before the check-in (checkOut.beforeCheckIn).
      await households.save({ ...h, checkOut: { at: out.at, destination: out.destination } });
    },

    async records(query = {}) {
      deps.live();
      const all = await deps.cache.all();
      return all
        .filter((c) => c.row.entity === 'household' && (!query.eventId || c.row.eventId === query.eventId))
        .map((c) => structuredClone(c.fields) as unknown as DisplacedHousehold);
    },
  };
}
