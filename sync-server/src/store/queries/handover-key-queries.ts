import type { CompiledQuery } from 'kysely';
import type { HandoverKeyRecord } from '../handover-key-store';
import type { QueryDialect } from './query-builder';

/** Hand-over signing keys (SPEC F4, issue 17), written once for both stores. A key is never replaced. */
export function insertHandoverKey(q: QueryDialect, k: HandoverKeyRecord): CompiledQuery {
  return q.db
    .insertInto('handover_keys')
    .values({ client_id: k.clientId, user_id: k.userId, key_id: k.keyId, public_key: k.publicKey, registered_at: k.registeredAt })
    .onConflict((oc) => oc.doNothing())
    .compile();
}

export function selectHandoverKeys(q: QueryDialect, clientId: string, userId: string): CompiledQuery {
  return q.db
    .selectFrom('handover_keys')
    .select(['client_id', 'user_id', 'key_id', 'public_key', 'registered_at'])
    .where('client_id', '=', clientId)
    .where('user_id', '=', userId)
    .orderBy('registered_at')
    .orderBy('key_id')
    .compile();
}
