import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { householdFields } from '../../../sync-server/test/fixtures';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../src/shared/protocol/version';
import type { Api } from './api';
import { COUNTY, TOWNSHIP, type Scene } from './scene';

/** A worker of the scene's township, made through the admin API. */
export async function createWorker(admin: Api, username: string, displayName: string, password = 'worker-pass-123'): Promise<{ username: string; password: string }> {
  await admin.call('POST', '/api/admin/users', { username, password, role: 'worker', township: TOWNSHIP, county: COUNTY, displayName });
  return { username, password };
}

/** What another tablet does: log in and push one household (the tablet under test then pulls it). */
export async function pushFromAnotherTablet(base: string, scene: Scene, who: { username: string; password: string }, head: { name: string; idNumber: string }): Promise<string> {
  const deviceId = `dev-${randomUUID()}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: who.username, password: who.password, deviceId }),
  });
  const { token } = (await login.json()) as { token: string };
  const id = randomUUID();
  const fields = householdFields(id, { eventId: scene.eventId, shelterSiteId: scene.siteId, head });
  const res = await fetch(`${base}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    body: JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId, changes: [{ seq: 1, entity: 'household', id, baseVersion: 0, fields, formVersion: 1, changedAt: new Date().toISOString() }] }),
  });
  const body = (await res.json()) as { results: { status: string }[] };
  if (body.results?.[0]?.status !== 'applied') throw new Error(`push from another tablet failed: ${JSON.stringify(body)}`);
  return id;
}

/** The names of the worker databases in this browser profile (tidemark-u-<userId>). */
export async function userDatabases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('tidemark-u-')).sort());
}

/** Rows in a worker database's `records` store, read raw (no keys): id, entity, sync state, and whether `sealed` is ciphertext. */
export async function rawRecords(page: Page, dbName: string): Promise<{ id: string; entity: string; syncState: string; sealedIsCiphertext: boolean }[]> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open(name);
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    try {
      const rows = await new Promise<any[]>((ok, fail) => {
        const r = db.transaction('records').objectStore('records').getAll();
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      return rows.map((row) => ({ id: row.id, entity: row.entity, syncState: row.syncState, sealedIsCiphertext: row.sealed?.ct instanceof Uint8Array && row.sealed?.iv?.length === 12 }));
    } finally {
      db.close();
    }
  }, dbName);
}

/**
 * What someone holding the tablet and ONE worker's password can do from a page script: read every
 * account row and worker database raw, unwrap whatever password slot that password opens (the app's
 * own algorithm: PBKDF2-SHA256 of HMAC(pepperKey, password), src/security/key-derivation.ts), and try
 * the data keys it got on every sealed record of every database. Returns what opened.
 */
export async function tryToOpenEverything(page: Page, password: string): Promise<{ db: string; username: string; slotOpened: boolean; records: number; opened: number }[]> {
  return page.evaluate(async (pw) => {
    const enc = new TextEncoder();
    const req = <T>(r: IDBRequest<T>) => new Promise<T>((ok, fail) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => fail(r.error))));
    const openDb = (name: string) => req(indexedDB.open(name));
    const all = async (name: string, store: string) => {
      const db = await openDb(name);
      try {
        return await req(db.transaction(store).objectStore(store).getAll());
      } finally {
        db.close();
      }
    };
    const accounts = (await all('tidemark-device', 'accounts')) as any[];
    const dataKeys: CryptoKey[] = [];
    const out: { db: string; username: string; slotOpened: boolean; records: number; opened: number }[] = [];
    for (const a of accounts) {
      let slotOpened = false;
      const slot = a.keys?.passwordSlot;
      if (slot && a.keys.pepperKey) {
        try {
          const peppered = await crypto.subtle.sign('HMAC', a.keys.pepperKey, enc.encode(pw.normalize('NFC')));
          const base = await crypto.subtle.importKey('raw', peppered, 'PBKDF2', false, ['deriveKey']);
          const kek = await crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: slot.salt, iterations: slot.iterations }, base, { name: 'AES-GCM', length: 256 }, false, ['decrypt']);
          const bundle = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: slot.wrapped.iv, additionalData: enc.encode(`tidemark/keys/v1/${a.userId}/password`) }, kek, slot.wrapped.ct));
          dataKeys.push(await crypto.subtle.importKey('raw', bundle.slice(0, 32), 'AES-GCM', false, ['decrypt']));
          slotOpened = true;
        } catch {
          /* the wrong password for this slot */
        }
      }
      out.push({ db: a.dbName, username: a.user.username, slotOpened, records: 0, opened: 0 });
    }
    for (const row of out) {
      const records = (await all(row.db, 'records')) as any[];
      row.records = records.length;
      for (const r of records) {
        for (const key of dataKeys) {
          try {
            await crypto.subtle.decrypt({ name: 'AES-GCM', iv: r.sealed.iv, additionalData: enc.encode(r.id) }, key, r.sealed.ct);
            row.opened++;
            break;
          } catch {
            /* not this key */
          }
        }
      }
    }
    return out;
  }, password);
}
