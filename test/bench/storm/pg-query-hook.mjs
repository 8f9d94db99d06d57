// Loaded with `node --import` through NODE_OPTIONS (issue 14, eleventh session): where a PostgreSQL storm's
// time goes in the server's `pg` client. It wraps pg.Client#query and pg.Pool#connect in the server process;
// between the first two SIGUSR2 (storm.ts reads the commit counts before and after the pushes) it records,
// per statement shape: calls, wall from the call to its answer reaching the caller (the event loop's delay
// included), the backend's CPU over the same span (/proc/<backend pid>/stat, 10 ms ticks: summed over many
// statements it is an estimate), whether the connection held the records lock (SPEC L2) when it was sent;
// per records-lock hold: wait (the statement taking it), hold (its grant to the COMMIT's answer), the
// statements sent in it; the pool's connect waits; and the event loop's delay (monitorEventLoopDelay).
// At the second SIGUSR2 it writes PG_QUERY_DIR/queries-<pid>.json. Only in processes running the server.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const isServer = process.argv.some((a) => a.endsWith('sync-server/src/main.ts') || a.endsWith('floor-server.ts'));
if (isServer) {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const pg = require('pg');
  const out = process.env.PG_QUERY_DIR ?? '/tmp/tidemark-pg-queries';
  let phase = 0; // 0: before the pushes, 1: during, 2: after
  let t0 = 0;
  let cpu0 = null;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const shapes = new Map();
  const holds = [];
  const connects = { n: 0, ms: 0, max: 0 };
  const cpuOf = (pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      return 0;
    }
  };
  const shapeOf = (text) => {
    const s = text.replace(/\s+/g, ' ').replace(/"[a-z_0-9]+"\./g, '').replace(/\$\d+/g, '$').replace(/'[^']*'/g, "'…'").replace(/\(\$(, \$)+\)/g, '($…)').replace(/(\(\$…\), )+\(\$…\)/g, '($…)…').replace(/\$(, \$)+/g, '$…');
    if (s.startsWith('WITH ')) {
      // The batch's one writing statement: name its parts.
      const parts = [...s.matchAll(/(?:WITH |\), )([a-z0-9]+) AS \(/g)].map((m) => m[1]);
      return `WITH ${parts.join('+')}`;
    }
    return s.slice(0, 90);
  };
  const state = new WeakMap();
  const plans = [];
  let withCount = 0;
  let dumpCount = 0;
  const stateOf = (client) => {
    let st = state.get(client);
    if (!st) state.set(client, (st = { locked: false, lockAt: 0, statements: 0, wait: 0 }));
    return st;
  };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (config, values, callback) {
    const text = typeof config === 'string' ? config : config && config.text;
    if (phase !== 1 || typeof text !== 'string') return query.call(this, config, values, callback);
    const st = stateOf(this);
    const underLock = st.locked;
    if (underLock) st.statements++;
    const shape = shapeOf(text);
    const start = performance.now();
    const pid = this.processID;
    const cpu0 = pid ? cpuOf(pid) : 0;
    const cb = typeof values === 'function' ? values : callback;
    if (typeof cb === 'function') values = typeof values === 'function' ? undefined : values; // pool.query's form: the answer goes to a callback
    // PG_QUERY_DUMP=FILE: the 100th batch statement under the lock, its text and parameters (a replay's input).
    if (process.env.PG_QUERY_DUMP && underLock && text.startsWith('WITH ') && ++dumpCount === 100) {
      writeFileSync(process.env.PG_QUERY_DUMP, JSON.stringify({ text, values: typeof config === 'string' ? values : config.values }));
    }
    let p;
    const every = Number(process.env.PG_QUERY_EXPLAIN ?? 0);
    const match = process.env.PG_QUERY_EXPLAIN_MATCH ? new RegExp(process.env.PG_QUERY_EXPLAIN_MATCH) : /^WITH /;
    if (every > 0 && match.test(shape) && (underLock || !text.startsWith('WITH ')) && ++withCount % every === 0) {
      // PG_QUERY_EXPLAIN=N: every Nth batch statement also runs once under EXPLAIN ANALYZE in a savepoint rolled
      // back (its sequence numbers are lost, a gap): the plan with each part's time. Slows that run; for the plans only.
      const client = this;
      p = (async () => {
        if (underLock) await query.call(client, 'SAVEPOINT pgq_explain');
        const r = await query.call(client, { text: `EXPLAIN (ANALYZE, BUFFERS, SETTINGS, FORMAT JSON) ${text}`, values: typeof config === 'string' ? values : config.values });
        plans.push(r.rows[0]['QUERY PLAN']);
        if (underLock) await query.call(client, 'ROLLBACK TO SAVEPOINT pgq_explain; RELEASE SAVEPOINT pgq_explain');
        return query.call(client, config, values);
      })();
    } else p = query.call(this, config, values);
    function done() {
      const now = performance.now();
      const ms = now - start;
      const cpu = pid ? cpuOf(pid) - cpu0 : 0;
      const k = `${underLock ? 'L ' : '  '}${shape}`;
      const e = shapes.get(k) ?? { n: 0, ms: 0, cpu: 0, max: 0 };
      e.n++;
      e.ms += ms;
      e.cpu += cpu;
      e.max = Math.max(e.max, ms);
      shapes.set(k, e);
      if (text.includes('tidemark-records') && !st.locked) {
        st.locked = true;
        st.lockAt = now;
        st.wait = ms;
        st.statements = 0;
      }
      if (st.locked && /(^|; )(COMMIT|ROLLBACK)$/.test(text.trim())) {
        holds.push({ at: st.lockAt - t0, wait: st.wait, hold: now - st.lockAt, statements: st.statements });
        st.locked = false;
      }
    }
    const q = p.then(
      (r) => {
        done();
        return r;
      },
      (err) => {
        done();
        throw err;
      },
    );
    if (typeof cb !== 'function') return q;
    q.then((r) => cb(null, r), (err) => cb(err));
    return undefined;
  };
  const connect = pg.Pool.prototype.connect;
  pg.Pool.prototype.connect = function (cb) {
    if (phase !== 1 || typeof cb === 'function') return connect.call(this, cb);
    const start = performance.now();
    return connect.call(this).then((c) => {
      const ms = performance.now() - start;
      connects.n++;
      connects.ms += ms;
      connects.max = Math.max(connects.max, ms);
      return c;
    });
  };
  const summary = () => {
    const wall = performance.now() - t0;
    const byShape = [...shapes].sort((a, b) => b[1].ms - a[1].ms).map(([shape, e]) => ({ shape, n: e.n, ms: Math.round(e.ms), cpu: e.cpu, maxMs: Math.round(e.max) }));
    const held = holds.reduce((s, h) => s + h.hold, 0);
    const waited = holds.reduce((s, h) => s + h.wait, 0);
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, `queries-${process.pid}.json`),
      JSON.stringify(
        {
          wallMs: Math.round(wall),
          // The server process's own CPU over the window (user + system), beside its statements' waits.
          nodeCpuMs: Math.round(((c) => (c.user + c.system) / 1000)(process.cpuUsage(cpu0))),
          statements: byShape.reduce((s, e) => s + e.n, 0),
          lock: { holds: holds.length, heldMs: Math.round(held), waitedMs: Math.round(waited), statementsUnder: holds.reduce((s, h) => s + h.statements, 0) },
          connects: { ...connects, ms: Math.round(connects.ms), max: Math.round(connects.max) },
          loopDelayMs: { mean: +(loop.mean / 1e6).toFixed(1), p50: +(loop.percentile(50) / 1e6).toFixed(1), p99: +(loop.percentile(99) / 1e6).toFixed(1), max: +(loop.max / 1e6).toFixed(1) },
          byShape,
          plans,
          holds: holds.map((h) => ({ at: Math.round(h.at), wait: Math.round(h.wait), hold: Math.round(h.hold), statements: h.statements })),
        },
        null,
        1,
      ),
    );
  };
  process.on('SIGUSR2', () => {
    phase++;
    if (phase === 1) {
      t0 = performance.now();
      cpu0 = process.cpuUsage();
      loop.enable();
    }
    if (phase === 2) {
      loop.disable();
      summary();
    }
  });
}
