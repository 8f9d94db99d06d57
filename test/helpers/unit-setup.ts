/**
 * Setup for the `unit` project (jsdom). jsdom has no IndexedDB: fake-indexeddb provides one per test
 * file. WebCrypto comes from Node 20 (`globalThis.crypto`); make sure jsdom did not hide `subtle`.
 */
import 'fake-indexeddb/auto';
import { webcrypto } from 'node:crypto';

if (!globalThis.crypto?.subtle) {
  Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true });
}
