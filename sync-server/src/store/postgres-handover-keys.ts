import type pg from 'pg';
import type { HandoverKeyRecord } from './handover-key-store';

/** Hand-over signing keys on PostgreSQL (HandoverKeyStore); `t` qualifies a table with the store's schema. */

export async function postgresPutHandoverKey(pool: pg.Pool, t: (table: string) => string, k: HandoverKeyRecord): Promise<boolean> {
  const res = await pool.query(
    `INSERT INTO ${t('handover_keys')} (client_id, user_id, key_id, public_key, registered_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [k.clientId, k.userId, k.keyId, k.publicKey, k.registeredAt],
  );
  return res.rowCount === 1;
}

export async function postgresListHandoverKeys(pool: pg.Pool, t: (table: string) => string, clientId: string, userId: string): Promise<HandoverKeyRecord[]> {
  const res = await pool.query(
    `SELECT client_id, user_id, key_id, public_key, registered_at FROM ${t('handover_keys')} WHERE client_id = $1 AND user_id = $2 ORDER BY registered_at, key_id`,
    [clientId, userId],
  );
  return (res.rows as Record<string, unknown>[]).map((r) => ({
    clientId: String(r.client_id), userId: String(r.user_id), keyId: String(r.key_id), publicKey: String(r.public_key),
    registeredAt: r.registered_at instanceof Date ? r.registered_at.toISOString() : new Date(String(r.registered_at)).toISOString(),
  }));
}
