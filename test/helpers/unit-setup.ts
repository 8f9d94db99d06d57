/**
 * Setup for the `unit` project (jsdom). jsdom has no IndexedDB: fake-indexeddb provides one per test
 * file. WebCrypto comes from Node 20 (`globalThis.crypto`); make sure jsdom did not hide `subtle`.
 * React component tests: the project runs without Vitest globals, so Testing Library neither cleans up
 * after each test nor tells React it runs under act(); do both here.
 */
import 'fake-indexeddb/auto';
import { webcrypto } from 'node:crypto';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

if (!globalThis.crypto?.subtle) {
  Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true });
}

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(cleanup);
// Screens run on the real client and server (IndexedDB, WebCrypto, SQLite): on a loaded 2-core machine a
// screen can take more than the default second to settle. A ceiling for findBy/waitFor, not a timed assertion.
configure({ asyncUtilTimeout: 10_000 });
