/**
 * A seeded many-tablet simulation (STYLE habit 8): the real sync client on fake-indexeddb, N tablets of
 * one township, against the real server in process — one app on a SQLite file, or two apps on two
 * PostgreSQL pools sharing one schema (two server processes behind a load balancer). Tablets create and
 * edit the same households, go offline, lose replies, have uploads cut, meet 429/503 and expired
 * sessions, crash in the middle of an IndexedDB transaction and restart, and sync in random orders,
 * sometimes two at once, and a copy of a tablet's profile writes under its client id (P8, P9). Everything
 * random comes from the seed — the driver's choices, each tablet's own stream (faults, restarts, which
 * server answers) — and time is the manual clock with timers that never fire by themselves. Two tablets
 * syncing at once reach the server in turns the seed decides (request-turns.ts), so a seed replays
 * exactly on SQLite however busy the machine is. On PostgreSQL some turns let both requests in together
 * (two server processes, real concurrency): their commit order is then PostgreSQL's, the rest the seed's.
 *
 * After the run every tablet comes online and syncs until quiet; then the checks (checks.ts).
 */
import type Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTidemarkClient, type TidemarkClientWithSession } from '../../src/app/compose-client';
import type { TidemarkSession } from '../../src/app/compose-session';
import type { DisplacedHouseholdInput } from '../../src/shared/schema/displaced-household';
import { openPostgresStore } from '../../sync-server/src/store/postgres-store';
import type { Store } from '../../sync-server/src/store/store';
import { faultyNetwork, type FaultyNetwork } from '../helpers/fault-fetch';
import { idNumberFor } from '../helpers/household-fixtures';
import { startInProcessServer, type InProcessServer } from '../helpers/in-process-server';
import { ManualClock, ManualConnectivity, ManualTimers } from '../helpers/manual-env';
import { TEST_EVENT } from '../helpers/reference-fixtures';
import { createTempStore, databaseUrl } from '../helpers/server-harness';
import { checkRun, type Write } from './checks';
import { toJsonFields } from '../../src/db/record-fields';
import { ENTITY_DEFINITIONS } from '../../src/shared/schema/registry';
import { RequestTurns } from './request-turns';
import { rng, type Rng } from './rng';

export type SimStore = 'sqlite' | 'postgres';

export interface SimOptions {
  seed: number;
  store: SimStore;
  tablets?: number;
  steps?: number;
  /** Prints what happens, step by step, with every request each tablet made (SIM_TRACE=1). */
  trace?: (line: string) => void;
}

export interface SimResult {
  seed: number;
  store: SimStore;
  failures: string[];
  stats: Record<string, number>;
  /** The one command that replays this run. */
  replay: string;
}

/**
 * A valid ID number, distinct within a run. Born at most ~41 years after 1980 whatever the seed: the
 * shared ID-number rule compares the birth date with the machine's real date (not the injected clock),
 * so `seed * 100 + k` days made every seed from 172 on an invalid save ("born in the future").
 */
function personId(seed: number, k: number): string {
  return idNumberFor(((seed % 150) * 100 + k) % 15_000);
}

/** The most rounds of the final quiet syncs (each tablet once a round); a healthy run needs two or three. */
const QUIET_ROUNDS = 8;

/** Edited fields and their small value sets: collisions between tablets are frequent on purpose. */
const EDITS: Record<string, readonly unknown[]> = {
  notes: ['需轮椅', '有孕妇', '独居老人', '已回访', '待核实'],
  membersCount: [1, 2, 3, 4, 5, 6],
  needsEmergencySupport: [true, false],
  householdType: ['ordinary', 'dibao', 'tekun'],
};

interface Tablet {
  name: string;
  username: string;
  password: string;
  env: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange; prefix: string; addons: ((db: Dexie) => void)[] };
  net: FaultyNetwork;
  connectivity: ManualConnectivity;
  client: TidemarkClientWithSession;
  session: TidemarkSession | null;
  /** The next write to IndexedDB fails as if the tablet died mid-transaction (then it restarts). */
  crashArmed: boolean;
  /**
   * This tablet's own random stream (its faults, its restarts, which server answers it): what happens to
   * it does not depend on how its requests interleave with another tablet's.
   */
  rand: Rng;
  /** Where its requests wait for their turn when it syncs at the same time as another tablet. */
  turns: RequestTurns;
  /** Every (clientId, seq) this tablet's pushes carried to a server. */
  sent: Map<string, Set<number>>;
}

export function replayCommand(seed: number, store: SimStore): string {
  return `npm run simulate -- --seed ${seed} --store ${store}`;
}

/** A dbcore addon: while armed, the next mutation fails and the transaction aborts (all or nothing). */
function crashAddon(t: { crashArmed: boolean }) {
  return (db: Dexie) => {
    db.use({
      stack: 'dbcore',
      name: 'simulated-crash',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          return {
            ...table,
            mutate: (req) => {
              if (!t.crashArmed) return table.mutate(req);
              t.crashArmed = false;
              return Promise.reject(Object.assign(new Error('simulated crash mid-transaction'), { name: 'UnknownError' }));
            },
          };
        },
      }),
    });
  };
}

export async function runSimulation(opts: SimOptions): Promise<SimResult> {
  const rand = rng(opts.seed);
  const trace = opts.trace ?? (() => undefined);
  const clock = new ManualClock(Date.parse('2026-07-01T00:00:00.000Z'));
  const stats: Record<string, number> = {};
  const count = (k: string) => {
    stats[k] = (stats[k] ?? 0) + 1;
    trace(`  ${k}`);
  };
  const servers: InProcessServer[] = [];
  let extraStore: Store | null = null;
  let cleanupTemp: (() => Promise<void>) | null = null;
  if (opts.store === 'sqlite') {
    servers.push(await startInProcessServer({ store: 'sqlite', clock }));
  } else {
    // Two server "processes" (two apps, two pools) on one PostgreSQL schema.
    const temp = await createTempStore('postgres', clock.now);
    cleanupTemp = temp.cleanup;
    extraStore = await openPostgresStore({ connectionString: databaseUrl(), schema: temp.location, poolMax: 4, now: clock.now });
    servers.push(await startInProcessServer({ store: temp.store, clock }));
    servers.push(await startInProcessServer({ store: extraStore, clock }));
  }
  const main = servers[0]!;
  let lastStep = 'setup';
  const note = (what: string) => {
    lastStep += what;
    trace(`  ${what.trim()}`);
  };
  const logged = new Map<Tablet, number>();
  /** Each tablet's requests since the last call, as the server answered them. */
  const traceRequests = () => {
    for (const t of tablets) {
      const from = logged.get(t) ?? 0;
      for (const e of t.net.log.slice(from)) trace(`    ${t.name} ${e.method} ${e.path}${e.search} -> ${e.status}${e.changes !== undefined ? ` (${e.changes} changes)` : ''}`);
      logged.set(t, t.net.log.length);
    }
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const tablets: Tablet[] = [];
  const writes: Write[] = [];
  const created: string[] = [];
  const bases = new Map<string, Record<string, unknown>>();
  try {
    await main.putReference('event', { ...TEST_EVENT });
    const n = opts.tablets ?? 3 + Math.floor(rand() * 3);
    // Two tablets syncing at once take turns at the server in the seed's order (request-turns.ts); on
    // PostgreSQL some turns let both requests in together, to the two server processes.
    const turns = new RequestTurns(rng(opts.seed ^ 0x7a3c5e91), opts.store === 'postgres' ? 0.5 : 0, (who) => trace(`    turn: ${who.join(' + ')}`));
    for (let i = 0; i < n; i++) {
      const username = `sim${i}`;
      await main.addUser({ username, password: `pw-${username}` });
      const t = { crashArmed: false } as Tablet;
      const connectivity = new ManualConnectivity(true);
      const tabletRand = rng((opts.seed * 7919 + i * 104_729) ^ 0x5bd1e995);
      // A load balancer: each request goes to one of the servers, chosen by the tablet's stream.
      const net = faultyNetwork((input, init) => servers[Math.floor(tabletRand() * servers.length)]!.fetch(input, init));
      Object.assign(t, {
        name: `tablet${i}`, username, password: `pw-${username}`, net, connectivity, session: null, sent: new Map(), rand: tabletRand,
        turns,
        env: { indexedDB: new IDBFactory(), IDBKeyRange, prefix: `sim${opts.seed}-${i}-`, addons: [crashAddon(t)] },
      });
      net.always('POST /api/sync/push', {
        kind: 'observe',
        observe: (req) => {
          const body = req.json as { deviceId: string; changes: { seq: number }[] } | undefined;
          if (!body?.changes) return;
          const set = t.sent.get(body.deviceId) ?? new Set<number>();
          for (const c of body.changes) set.add(c.seq);
          t.sent.set(body.deviceId, set);
        },
      });
      t.client = makeClient(t, clock, opts.seed * 1000 + i);
      t.session = await t.client.loginOnline(username, t.password);
      tablets.push(t);
    }

    const steps = opts.steps ?? 40;
    for (let step = 0; step < steps; step++) {
      clock.advance(1000 + Math.floor(rand() * 120_000));
      const r = rand();
      traceRequests();
      lastStep = `step ${step}`;
      trace(lastStep);
      if (r < 0.5) await stepSave(pick(tablets));
      else if (r < 0.8) {
        // Sync one tablet, or two at once (concurrent pushes and pulls on the server).
        if (rand() < 0.3 && tablets.length > 1) {
          const a = pick(tablets);
          const b = pick(tablets.filter((x) => x !== a));
          await turns.race([a.name, b.name], () =>
            Promise.all([a, b].map((t) => stepSync(t).finally(() => turns.finished(t.name)))),
          );
        } else await stepSync(pick(tablets));
      } else if (r < 0.9) {
        const t = pick(tablets);
        setOnline(t, !t.net.online);
        count(t.net.online ? 'online' : 'offline');
      } else await stepCrash(pick(tablets));
    }

    // Quiet: everyone online, no faults, sync until nothing moves: rounds go on while any outbox holds a
    // change, then one more round so each tablet pulls what the others pushed last. A tablet whose queue
    // never drains shows in the checks (outbox not empty), not as a hang.
    clock.advance(3_600_000);
    for (const t of tablets) {
      setOnline(t, true);
      await ensureSession(t);
    }
    for (let round = 0, settled = false; round < QUIET_ROUNDS && !settled; round++) {
      settled = (await Promise.all(tablets.map((t) => t.session!.db.outbox.count()))).every((n) => n === 0);
      for (const t of tablets) {
        traceRequests();
        trace(`quiet round ${round}: ${t.name}`);
        clock.advance(10 * 60_000); // past any Retry-After
        // As the worker would, log in again when told so (SPEC A1), then sync.
        await ensureSession(t);
        await t.session!.sync.syncNow();
        await t.session!.housekeepingIdle(); // its audit sending is part of this turn, not of the next tablet's
      }
    }
    traceRequests();
    const failures = await checkRun({ servers, tablets: tablets.map((t) => ({ name: t.name, session: t.session!, sent: t.sent })), writes, created });
    return { seed: opts.seed, store: opts.store, failures, stats, replay: replayCommand(opts.seed, opts.store) };
  } catch (e) {
    throw new Error(`seed ${opts.seed} on ${opts.store}: ${lastStep} threw ${e instanceof Error ? e.message : String(e)} (${JSON.stringify(stats)})`, { cause: e });
  } finally {
    for (const t of tablets) {
      t.client.lock();
      await t.client.settled().catch(() => undefined);
    }
    for (const s of servers) await s.close().catch(() => undefined);
    await extraStore?.close().catch(() => undefined);
    await cleanupTemp?.();
  }

  function setOnline(t: Tablet, online: boolean) {
    t.net.online = online;
    t.connectivity.set(online);
  }

  async function ensureSession(t: Tablet) {
    if (t.session && t.session.online()) return;
    // Logged out by an expired session or a restart: log in again (online), as the worker would.
    t.session = await t.client.loginOnline(t.username, t.password);
    count('relogin');
  }

  async function stepSave(t: Tablet) {
    note(` save on ${t.name}`);
    const s = t.session;
    if (!s) return;
    const list = await s.households.list();
    const crash = rand() < 0.06;
    if (crash) t.crashArmed = true; // the tablet dies while writing the save: nothing of it may remain
    try {
      if (list.length === 0 || rand() < 0.25) {
        const k = created.length + 1;
        const hh: DisplacedHouseholdInput = {
          id: `hh-sim-${opts.seed}-${String(k).padStart(4, '0')}`,
          eventId: TEST_EVENT.id,
          head: { name: `户主${k}`, idNumber: personId(opts.seed, k) },
          membersCount: 3,
          origin: { village: '河口村' },
          damage: { level: 'severe' },
          placement: 'dispersed',
          dispersedKind: 'relatives',
          checkInAt: clock.now().toISOString(),
        };
        await s.households.save(hh);
        created.push(hh.id);
        writes.push(...Object.entries(hh).filter(([f]) => f in EDITS).map(([field, value]) => ({ tablet: t.name, recordId: hh.id, field, value, prev: undefined, base: undefined, at: clock.ms })));
        count('create');
        return;
      }
      const id = pick(list).id;
      const before = (await s.households.get(id))!;
      // The state this tablet's change of the record will stand on (its base): what it showed when its
      // outbox held nothing of the record, kept while edits of it stay queued (P1: changes are cumulative).
      const baseKey = `${t.name}|${id}`;
      if ((await s.db.outbox.where('id').equals(id).count()) === 0 || !bases.has(baseKey)) bases.set(baseKey, { ...before });
      const base = bases.get(baseKey)!;
      const edit: Record<string, unknown> = { ...before };
      const fields = Object.keys(EDITS).filter(() => rand() < 0.5);
      if (fields.length === 0) fields.push(pick(Object.keys(EDITS)));
      const changed: Write[] = [];
      for (const f of fields) {
        const value = pick(EDITS[f]!);
        if (JSON.stringify(value) === JSON.stringify((before as Record<string, unknown>)[f])) continue;
        edit[f] = value;
        changed.push({ tablet: t.name, recordId: id, field: f, value, prev: (before as Record<string, unknown>)[f], base: base[f], at: clock.ms });
      }
      if (changed.length === 0) return;
      await s.households.save(edit);
      writes.push(...changed); // only once the save resolved: "saved" is what the worker was told
      for (const w of changed) trace(`  ${t.name} saved ${w.recordId}.${w.field} = ${JSON.stringify(w.value)} (was ${JSON.stringify(w.prev)})`);
      count('edit');
    } catch (e) {
      // A crash armed before a save: nothing of it was written (all or nothing); the worker sees an error.
      if (!crash) throw e;
      count('save-crashed');
      await restart(t);
      return;
    } finally {
      t.crashArmed = false; // a save that wrote nothing (no change) did not die
    }

  }

  async function stepSync(t: Tablet) {
    const r = t.rand;
    note(` sync on ${t.name}`);
    if (!t.session) return;
    await ensureSessionIfOnline(t);
    const f = r();
    const crash = f >= 0.35 && f < 0.42;
    // A fault is meant for this sync: one its requests never met (offline, nothing to push) is disarmed
    // afterwards, so it cannot fire long after, in the final quiet rounds.
    let disarm = () => undefined as void;
    if (f < 0.12) {
      disarm = t.net.once('POST /api/sync/push', { kind: 'lose-reply' });
      count('lost-push-reply');
    } else if (f < 0.18) {
      disarm = t.net.once('GET /api/sync/pull', { kind: 'lose-reply' });
      count('lost-pull-reply');
    } else if (f < 0.24) {
      disarm = t.net.once('POST /api/sync/push', { kind: 'cut-body' });
      count('cut-body');
    } else if (f < 0.28) {
      disarm = t.net.once('POST /api/sync/push', { kind: 'status', code: 'OVERLOADED', retryAfterSeconds: 30 });
      count('503');
    } else if (f < 0.32) {
      disarm = t.net.once('GET /api/sync/pull', { kind: 'status', code: 'RATE_LIMITED', retryAfterSeconds: 60 });
      count('429');
    } else if (f < 0.35) {
      disarm = t.net.once((q) => q.path.startsWith('/api/sync/'), { kind: 'before', before: () => clock.advance(13 * 3_600_000) });
      count('session-expired');
    } else if (crash) {
      t.crashArmed = true; // dies in the middle of storing the push's results or a pulled page
      count('crash-mid-sync');
    } else if (f < 0.46) await anotherWriter(t);
    try {
      await t.session!.sync.syncNow();
      // The purge and audit sending a sync starts belong to this step: nothing of this tablet runs on
      // into the next step, where it would race with another tablet outside the turns.
      await t.session!.housekeepingIdle();
    } catch {
      // syncNow reports failures in the sync state; a crash in IndexedDB may surface here.
    } finally {
      disarm();
    }
    if (crash) await restart(t); // it died (or would have at its next write): start the app again
  }

  /**
   * A copy of this tablet's profile (same account, same client id: a cloned or restored image) pushes a
   * household of its own at the seq of this tablet's newest queued change (the one a push sends, P1).
   * The tablet's next push of that seq is then refused (P8 CLIENT_ID_REUSED) and it must move its outbox to a fresh client id and send
   * it again (P9) with nothing lost, stored twice, or in conflict with the worker's own writes (C8, C9).
   */
  async function anotherWriter(t: Tablet) {
    const s = t.session;
    if (!s || !t.net.online) return;
    const newest = await s.db.outbox.filter((r) => r.state === 'queued').last();
    const clientId = (await s.db.meta.get('clientId'))?.value;
    const seq = newest?.seq;
    if (seq === undefined || typeof clientId !== 'string') return;
    const k = created.length + 1;
    const id = `hh-sim-${opts.seed}-${String(k).padStart(4, '0')}-copy`;
    const input: DisplacedHouseholdInput = {
      id, eventId: TEST_EVENT.id, head: { name: `户主${k}`, idNumber: personId(opts.seed, k) }, membersCount: 2,
      origin: { village: '河口村' }, damage: { level: 'severe' }, placement: 'dispersed', dispersedKind: 'relatives', checkInAt: clock.now().toISOString(),
    };
    // What a tablet sends: the form's parsed value (defaults filled in), as saveRecord sends it.
    const fields = toJsonFields(ENTITY_DEFINITIONS.household!.schema.parse(input));
    // The copy's login and push take one of this tablet's turns, so a concurrent step stays in the seed's
    // order and no other tablet's request (a 13-hour jump: session-expired) falls between them.
    const leave = await t.turns.enter(t.name);
    let res: Awaited<ReturnType<typeof main.push>>;
    try {
      const copy = await main.login(t.username, t.password, clientId);
      res = await main.push(copy, [{ seq, entity: 'household', id, baseVersion: 0, fields: JSON.parse(JSON.stringify(fields)) as Record<string, unknown>, formVersion: 1, changedAt: clock.now().toISOString() }]);
    } finally {
      leave();
    }
    if (res.statusCode === 409 && (res.json() as { error?: { code?: string } }).error?.code === 'CLIENT_ID_REUSED') {
      // The server had already applied this tablet's change at that seq (its reply lost): the copy is the
      // second writer and is refused itself (P8), writing nothing. (A real copy would move to a fresh id.)
      count('copy-refused');
      return;
    }
    if (res.statusCode !== 200) throw new Error(`the copy's push answered ${res.statusCode}: ${res.body}`);
    created.push(id);
    // The copy's push carried this seq under the client id too (the applied-count check, checks.ts).
    t.sent.set(clientId, (t.sent.get(clientId) ?? new Set<number>()).add(seq));
    writes.push(...Object.entries(fields).filter(([f]) => f in EDITS).map(([field, value]) => ({ tablet: `${t.name}'s copy`, recordId: id, field, value, prev: undefined, base: undefined, at: clock.ms })));
    count('client-id-reused');
  }

  async function ensureSessionIfOnline(t: Tablet) {
    if (t.net.online) await ensureSession(t);
  }

  async function stepCrash(t: Tablet) {
    // A crash between transactions (the app killed): everything acknowledged is on disk.
    count('crash-idle');
    await restart(t);
  }

  async function restart(t: Tablet) {
    note(` restart of ${t.name}`);
    t.crashArmed = false;
    t.client.lock();
    await t.client.settled().catch(() => undefined);
    t.client = makeClient(t, clock, Math.floor(t.rand() * 1e9));
    // The worker unlocks offline (or logs in when the tablet is online and the session has run out).
    try {
      t.session = await t.client.unlockOffline(t.username, t.password);
    } catch {
      t.session = t.net.online ? await t.client.loginOnline(t.username, t.password) : null;
    }
    count('restart');
  }
}

function makeClient(t: Tablet, clock: ManualClock, seed: number): TidemarkClientWithSession {
  let n = 0;
  const idRand = rng(seed);
  return createTidemarkClient({
    baseUrl: 'http://tidemark.test',
    // Through the turns first, then the faulty network: a fault's effects (a lost reply) fall in its turn.
    fetch: async (input, init) => {
      const leave = await t.turns.enter(t.name);
      try {
        return await t.net.fetch(input, init);
      } finally {
        leave();
      }
    },
    now: clock.now,
    newId: () => `${t.name}-${(++n).toString(36)}-${Math.floor(idRand() * 1e9).toString(36)}`,
    timers: new ManualTimers(clock), // nothing fires by itself: the simulation calls syncNow
    connectivity: t.connectivity,
    random: () => 0.5,
    kdfIterations: 1000,
    db: t.env,
    sync: { autoSync: false },
    deviceName: t.name,
  });
}
