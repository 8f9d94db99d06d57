// Loaded with `node --import` through NODE_OPTIONS (issue 18, fourteenth session: pull-server-cost.ts): the time
// of every better-sqlite3 statement the server runs (all/get/run/iterate, from the call to its return: the
// statement's own work and the rows' conversion to JS objects), per statement text. Each SIGUSR2 writes
// STATEMENT_DIR/statements-<pid>-<k>.json (the calls since the previous signal, in order) and starts afresh.
import { createRequire } from 'node:module';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const isServer = process.argv.some((a) => a.endsWith('sync-server/src/main.ts'));
if (isServer) {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const Database = require('better-sqlite3');
  const out = process.env.STATEMENT_DIR ?? '/tmp/tidemark-statements';
  mkdirSync(out, { recursive: true });
  let calls = [];
  let dumps = 0;
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1'));
  probe.close();
  for (const m of ['all', 'get', 'run', 'iterate']) {
    const orig = proto[m];
    proto[m] = function (...args) {
      const t = process.hrtime.bigint();
      try {
        return orig.apply(this, args);
      } finally {
        calls.push({ sql: this.source.replace(/\s+/g, ' ').slice(0, 160), m, ms: Number(process.hrtime.bigint() - t) / 1e6 });
      }
    };
  }
  process.on('SIGUSR2', () => {
    writeFileSync(join(out, `statements-${process.pid}-${dumps++}.json`), JSON.stringify(calls));
    calls = [];
  });
}
