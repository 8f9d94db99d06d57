import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Four projects: screen and pure unit tests (jsdom + fake-indexeddb), client tests (node: the real
 * sync client on fake-indexeddb against the real server in process, and the many-tablet simulation),
 * server/integration/contract tests (node, real SQLite files and real PostgreSQL), and end-to-end
 * tests in real Chromium.
 */
const CLIENT_TESTS = ['src/db/**/*.test.ts', 'src/sync/**/*.test.ts', 'src/security/**/*.test.ts', 'test/simulation/**/*.test.ts'];

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: './test/helpers/jsdom-server-environment.ts',
          include: ['src/**/*.test.{ts,tsx}', 'test/unit/**/*.test.{ts,tsx}'],
          exclude: CLIENT_TESTS,
          setupFiles: ['test/helpers/unit-setup.ts'],
          // Screens talk to the real server in process on a SQLite file (test/helpers/in-process-server.ts).
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'client',
          environment: 'node',
          include: CLIENT_TESTS,
          setupFiles: ['test/helpers/client-setup.ts'],
          globalSetup: ['test/helpers/postgres-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['sync-server/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/bench/**/*.test.ts'],
          globalSetup: ['test/helpers/postgres-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/helpers/postgres-global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
