import type Database from 'better-sqlite3';
import type { HandoverKeyRecord } from './handover-key-store';

/** Hand-over signing keys on SQLite (HandoverKeyStore); called inside SqliteStore's queue. */

export function sqlitePutHandoverKey(db: Database.Database, k: HandoverKeyRecord): boolean {
  const res = db
    .prepare('INSERT INTO handover_keys (client_id, user_id, key_id, public_key, registered_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
    .run(k.clientId, k.userId, k.keyId, k.publicKey, k.registeredAt);
  return res.changes === 1;
}

export function sqliteListHandoverKeys(db: Database.Database, clientId: string, userId: string): HandoverKeyRecord[] {
  const rows = db
    .prepare('SELECT client_id, user_id, key_id, public_key, registered_at FROM handover_keys WHERE client_id = ? AND user_id = ? ORDER BY registered_at, key_id')
    .all(clientId, userId) as Record<string, string>[];
  return rows.map((r) => ({ clientId: r.client_id!, userId: r.user_id!, keyId: r.key_id!, publicKey: r.public_key!, registeredAt: r.registered_at! }));
}
