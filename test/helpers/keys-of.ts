import { DeviceDb } from '../../src/db/device-db';
import { openWithPassword } from '../../src/security/account-keys';

/** The keys of a logged-in session, re-derived from the device database as an attacker with the password would (tests only). */
export async function keysOf(session: { db: { name: string }; user: { id: string } }, password: string, env: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {}) {
  const name = session.db.name;
  const device = new DeviceDb({ ...env, prefix: name.slice(0, name.indexOf('tidemark-u-')) });
  const account = await device.accounts.get(session.user.id);
  device.close();
  const keys = account && (await openWithPassword(account.keys, account.userId, password));
  if (!keys) throw new Error('no keys');
  return keys;
}
