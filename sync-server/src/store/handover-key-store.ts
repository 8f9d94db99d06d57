/**
 * The public signing keys of hand-over files (SPEC F4, issue 17), per (client id, account, key id).
 * Part of Store; both implementations are checked by sync-server/test/handover-import.test.ts on
 * SQLite and PostgreSQL. A registered key is never replaced: the same key id again is a no-op.
 */
export interface HandoverKeyRecord {
  clientId: string;
  userId: string;
  keyId: string;
  /** The public JWK as JSON text ({kty, crv, x, y}). */
  publicKey: string;
  registeredAt: string;
}

export interface HandoverKeyStore {
  /** Stores the key unless (clientId, userId, keyId) is there already; true when stored. */
  putHandoverKey(key: HandoverKeyRecord): Promise<boolean>;
  /** The keys registered for (clientId, userId), oldest first. */
  listHandoverKeys(clientId: string, userId: string): Promise<HandoverKeyRecord[]>;
}
