// Loaded with `node --import` through NODE_OPTIONS (issue 14, sixteenth session: count-ingest-statements.ts):
// counts what the server's better-sqlite3 connections do — every prepare, every exec (BEGIN, COMMIT,
// SAVEPOINT …) and every statement run (all/get/run/iterate), per statement text with its IN-lists of `?`
// folded to `(?…)` — and their time. SIGUSR2 starts the count afresh (after the login); at exit it writes
// STATEMENT_DIR/count-<pid>.json. Only in processes running the server (main.ts).
import { createRequire } from 'node:module';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { wrapStatementRuns } from '../lib/sqlite-statement-proto.mjs';

const isServer = process.argv.some((a) => a.endsWith('sync-server/src/main.ts'));
if (isServer) {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const Database = require('better-sqlite3');
  const out = process.env.STATEMENT_DIR ?? '/tmp/tidemark-statements';
  mkdirSync(out, { recursive: true });
  let counts = new Map();
  const fold = (sql) => sql.replace(/\s+/g, ' ').replace(/\(\?(, ?\?)*\)/g, '(?…)').replace(/(\(\?…\)(, ?)?)+/g, '(?…)… ').slice(0, 200);
  const note = (kind, sql, ms) => {
    const k = `${kind}\t${fold(sql)}`;
    const c = counts.get(k) ?? { n: 0, ms: 0 };
    c.n++;
    c.ms += ms;
    counts.set(k, c);
  };
  const time = (kind, sql, fn) => {
    const t = process.hrtime.bigint();
    try {
      return fn();
    } finally {
      note(kind, sql, Number(process.hrtime.bigint() - t) / 1e6);
    }
  };
  const dbProto = Database.prototype;
  const prepare = dbProto.prepare;
  dbProto.prepare = function (sql) {
    return time('prepare', sql, () => prepare.call(this, sql));
  };
  const exec = dbProto.exec;
  dbProto.exec = function (sql) {
    return time('exec', sql, () => exec.call(this, sql));
  };
  wrapStatementRuns(Database, (m, orig) =>
    function (...args) {
      return time(m, this.source, () => orig.apply(this, args));
    });
  process.on('SIGUSR2', () => {
    counts = new Map();
  });
  process.on('exit', () => {
    writeFileSync(join(out, `count-${process.pid}.json`), JSON.stringify([...counts].map(([k, v]) => ({ k, ...v }))));
  });
}
