import type { HandoverServerKey } from '../shared/protocol/handover-format';
import { createHandoverSigningKey } from '../security/handover-file';
import type { UserDb } from '../db/user-db';
import { handoverMeta, readSigningKey } from './handover-store';

/** POST /api/handover/keys, as the session's authenticated call. */
export type RegisterCall = (publicKey: HandoverServerKey) => Promise<{ keyId: string; serverKey: HandoverServerKey }>;

/**
 * SPEC F1, F4: at an online login, this (account, client) gets a signing key if it has none (or has
 * one of another client id, after a move to a fresh id, P9), registers its public half with the server
 * and keeps the server's public key. Registering the same key again is a no-op on the server, so every
 * online login refreshes the server key. Never fatal: a failure leaves export unavailable until the
 * next online login, and says so on the screen.
 */
export async function registerHandoverKey(db: UserDb, clientId: string, register: RegisterCall, now: () => Date): Promise<boolean> {
  try {
    let stored = await readSigningKey(db);
    if (!stored || stored.clientId !== clientId) {
      const fresh = await createHandoverSigningKey();
      stored = { clientId, keyId: fresh.keyId, privateKey: fresh.privateKey, publicKey: fresh.publicKey, registeredAt: '' };
    }
    const answer = await register(stored.publicKey);
    if (answer.keyId !== stored.keyId) return false;
    const value = { ...stored, registeredAt: stored.registeredAt || now().toISOString() };
    await db.transaction('rw', db.meta, async () => {
      await handoverMeta(db).put({ key: 'handover.signingKey', value });
      await handoverMeta(db).put({ key: 'handover.serverKey', value: answer.serverKey });
    });
    return true;
  } catch {
    return false;
  }
}
