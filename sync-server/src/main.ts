import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { ensureAdmin } from './auth/ensure-admin';
import { loadConfig, type ServerConfig } from './config';
import { createContext } from './context';
import { openStore } from './store/open-store';
import { seedWorkCalendar } from './reference/seed-work-calendar';
import { ensureCounted } from './dashboard/backfill';
import { boundHeapGrowth } from './heap-growth';
import type { Store } from './store/store';

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  config: ServerConfig;
  url: string;
  /** Stops accepting requests, lets those in flight finish, then closes the store. */
  close(): Promise<void>;
}

/** Opens (and on first start creates and migrates) the store, creates the administrator, listens. */
export async function startServer(config: ServerConfig, print: (line: string) => void = console.log): Promise<RunningServer> {
  const store = await openStore(config);
  try {
    const admin = await ensureAdmin(createContext({ store, config }));
    // Issue 15: the calendar years the chinese-days package holds that the store lacks (never a year in code).
    const seeded = await seedWorkCalendar(store, new Date().toISOString());
    // Issue 16: the households stored before migration 010 are counted once (dashboard/backfill.ts).
    await ensureCounted(store, await createContext({ store, config }).idHmac());
    const app = await buildApp({ store, config });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://localhost:${port}`;
    print(`Tidemark is running at ${url}`);
    if (seeded.length) print(`Working-day calendar: added ${seeded.length} year(s), ${seeded[0]}–${seeded[seeded.length - 1]}`);
    print(`Data: ${config.databaseUrl ? `PostgreSQL (schema ${config.databaseSchema})` : `${config.dataDir}/tidemark.sqlite`}`);
    if (admin.generatedPassword) {
      // Printed this once only: it is stored as a scrypt hash and cannot be shown again.
      print(`Administrator account created. Log in as "${admin.username}" with password: ${admin.generatedPassword}`);
      print('Write it down now; change it with: npm run user -- passwd --username ' + admin.username + ' --password <new>');
    } else if (admin.created) {
      print(`Administrator account created. Log in as "${admin.username}" with the password in ADMIN_PASSWORD.`);
    } else {
      print(`Log in as "${admin.username}" (or any account made with: npm run user -- add ...).`);
    }
    let closing: Promise<void> | null = null;
    return {
      app, store, config, url,
      close: () => (closing ??= app.close().then(() => store.close())),
    };
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
}

async function main(): Promise<void> {
  boundHeapGrowth(process.execArgv);
  const server = await startServer(loadConfig());
  const stop = (signal: string) => {
    console.log(`${signal}: finishing requests in flight, then stopping.`);
    server.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error('Tidemark could not start:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
