// Loaded with `node --import` through NODE_OPTIONS (issue 14, tenth session): what each COMMIT of a
// server process writes. It wraps better-sqlite3's exec: at BEGIN IMMEDIATE and after COMMIT it reads the
// WAL's frame count from the wal-index header (mxFrame, offset 16 of the -shm file), and after COMMIT it
// reads the headers of the frames the transaction wrote (their page numbers). The frames between the two
// are the commit's (a WAL restarted by this writer, a new salt, starts again from 0). Between the first two SIGUSR2
// (storm.ts reads the commit counts before and after the pushes) it sums them, and at exit writes
// COMMIT_PAGES_DIR/commits-<pid>.json: per COMMIT its frames and wall time, and per b-tree (dbstat, read
// at exit) the frames it got. Only in processes running the server (main.ts or floor-server.ts).
import { createRequire } from 'node:module';
import { closeSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const isServer = process.argv.some((a) => a.endsWith('sync-server/src/main.ts') || a.endsWith('floor-server.ts'));
if (isServer) {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const Database = require('better-sqlite3');
  const out = process.env.COMMIT_PAGES_DIR ?? '/tmp/tidemark-pages';
  const commits = [];
  const pages = new Map();
  let phase = 0; // 0: before the pushes, 1: during, 2: after
  let lastDb = null;
  process.on('SIGUSR2', () => phase++);
  const state = new WeakMap();
  const frameCount = (db) => {
    const fd = openSync(`${db.name}-shm`, 'r');
    try {
      const b = Buffer.alloc(40);
      readSync(fd, b, 0, 40, 0);
      // mxFrame, and the salt that changes when a writer restarts the WAL from its first frame.
      return { mx: b.readUInt32LE(16), salt: b.readUInt32LE(32), pageSize: b.readUInt16LE(14) === 1 ? 65536 : b.readUInt16LE(14) };
    } finally {
      closeSync(fd);
    }
  };
  const framePages = (db, from, to, pageSize) => {
    const fd = openSync(`${db.name}-wal`, 'r');
    try {
      const h = Buffer.alloc(8);
      for (let i = from; i < to; i++) {
        readSync(fd, h, 0, 8, 32 + i * (pageSize + 24));
        const p = h.readUInt32BE(0);
        pages.set(p, (pages.get(p) ?? 0) + 1);
      }
    } finally {
      closeSync(fd);
    }
  };
  const exec = Database.prototype.exec;
  Database.prototype.exec = function (sql) {
    if (this.name === ':memory:' || this.memory) return exec.call(this, sql);
    if (sql === 'BEGIN IMMEDIATE') {
      // An experiment's checkpoint setting (COMMIT_PAGES_AUTOCHECKPOINT: pages; 0 = none), set on the writer.
      if (process.env.COMMIT_PAGES_AUTOCHECKPOINT && !state.has(this)) this.pragma(`wal_autocheckpoint = ${Number(process.env.COMMIT_PAGES_AUTOCHECKPOINT)}`);
      // An experiment's page cache (COMMIT_PAGES_CACHE_KIB), set on the writer.
      if (process.env.COMMIT_PAGES_CACHE_KIB && !state.has(this)) this.pragma(`cache_size = -${Number(process.env.COMMIT_PAGES_CACHE_KIB)}`);
      const r = exec.call(this, sql);
      state.set(this, frameCount(this));
      return r;
    }
    if (sql === 'COMMIT') {
      const t = performance.now();
      const r = exec.call(this, sql);
      const ms = performance.now() - t;
      const before = state.get(this) ?? { mx: 0, salt: -1 };
      const { mx, salt, pageSize } = frameCount(this);
      const from = salt !== before.salt || mx < before.mx ? 0 : before.mx;
      if (phase === 1) {
        commits.push({ frames: mx - from, ms });
        framePages(this, from, mx, pageSize);
      }
      lastDb = this;
      return r;
    }
    return exec.call(this, sql);
  };
  const summary = () => {
    if (!lastDb || !lastDb.open) return;
    const names = new Map();
    let trees = [];
    try {
      for (const r of lastDb.prepare('SELECT name, pageno FROM dbstat').all()) names.set(r.pageno, r.name);
      // Each b-tree's size at the end: pages, cells (rows or index entries) and bytes of payload.
      trees = lastDb.prepare('SELECT name, count(*) AS pages, sum(ncell) AS cells, sum(payload) AS payload FROM dbstat GROUP BY name ORDER BY pages DESC').all();
    } catch {
      // closed or no dbstat: page numbers only
    }
    const byTree = {};
    for (const [p, n] of pages) {
      const name = p === 1 ? '(page 1: schema, change counter)' : names.get(p) ?? '(freelist or new)';
      byTree[name] = (byTree[name] ?? 0) + n;
    }
    const frames = commits.reduce((s, c) => s + c.frames, 0);
    // How large the WAL file grew (it is reused from its start after a checkpoint, never shrunk).
    let walBytes = null;
    try {
      walBytes = statSync(`${lastDb.name}-wal`).size;
    } catch {
      // no WAL file
    }
    const ms = commits.reduce((s, c) => s + c.ms, 0);
    writeFileSync(join(out, `commits-${process.pid}.json`), JSON.stringify({ commits: commits.length, frames, ms, walBytes, byTree, trees, each: commits }, null, 1));
  };
  // The server closes its store on SIGTERM; read dbstat before it does (the next BEGIN after phase 2).
  const close = Database.prototype.close;
  Database.prototype.close = function () {
    if (this === lastDb) summary();
    return close.call(this);
  };
}
