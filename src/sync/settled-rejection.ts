import type { Rejection } from '../db/user-db';
import type { FieldEntity } from '../shared/protocol/entities';
import { ALREADY_VOIDED, RELIEF_CORRECTION_ENTITY } from '../shared/schema/relief-correction';

/**
 * Whether a rejected change needs nothing more from the worker: a void or correction refused because
 * the hand-out was voided meanwhile (on the county page or another tablet). The hand-out is void either
 * way and the tablet refuses any further correction of it, so keeping it as 需更正 would ask for a fix
 * that cannot be made, and its outbox entry would hold the record on the tablet for ever. It settles
 * instead: the outbox entry goes, the record is marked synced and keeps the refusal (shown as
 * 已由他人作废; relief-ledger-local.ts counts a settled void, never a settled correction).
 */
export function settlesAsVoided(entity: FieldEntity, rejection: Rejection): boolean {
  return entity === RELIEF_CORRECTION_ENTITY && rejection.code === 'CHANGE_INVALID' && !!rejection.issues?.some((i) => i.message === ALREADY_VOIDED);
}
