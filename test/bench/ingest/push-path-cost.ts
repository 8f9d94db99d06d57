/**
 * The server's CPU per pushed record outside the store (issue 14, tenth session): the storm's bodies
 * (200 × 50 records by default) through each step of the push path in process — gunzip, UTF-8 decode,
 * Fastify's JSON parse, parsePush (envelope + content hashes), and applyChange on an empty store (the
 * reads answer "absent", the writes stay in the BatchTx; the person index keys of each household too) —
 * each step timed on its own (process CPU time), rounds in alternating order, the median round printed.
 * `npx tsx test/bench/ingest/push-path-cost.ts [devices] [perDevice] [rounds] [--only STEP] [--compare DIR]`.
 * No store, no HTTP: what a change to the push path's own code saves, with far less noise than a storm.
 * `--compare /work/wt/base`: the same steps with that checkout's server code too, on the same bodies,
 * the two trees' rounds interleaved in one process (A B B A), so both see the same load.
 * `--root DIR`: only that checkout's server code (a CPU profile of one tree: `node --cpu-prof --import tsx …`).
 */
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { pushBodies } from '../lib/raw-protocol';
import { generateWorkload } from '../workload/generate';
import type { ParsedPush } from '../../../sync-server/src/sync/parse-push';
import type { PushActor } from '../../../sync-server/src/sync/apply-change';
import type { MergeReads, StoredRecord, UserRow } from '../../../sync-server/src/store/store';

const flag = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const numbers = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const [devices = 200, perDevice = 50, rounds = 7] = numbers.map(Number);
/** `--only NAME`: that step alone (to profile it: `node --cpu-prof --import tsx …`). */
const only = flag('--only');
/** `--root DIR`: that checkout's server code instead of this one's (to profile each tree on its own). */
const here = resolve(flag('--root') ?? resolve(import.meta.dirname, '../../..'));
const compare = flag('--compare');

const records = generateWorkload(devices * perDevice, { seed: 99 });
const bodies = Array.from({ length: devices }, (_, i) => pushBodies(`bench-device-${String(i).padStart(4, '0')}`, records.slice(i * perDevice, (i + 1) * perDevice), perDevice)[0]!);
const texts = bodies.map((b) => b.json);
const at = new Date('2025-07-11T08:00:00.000Z');
const empty = {
  getRecords: async () => [],
  getRecord: async () => null,
  getAppliedChanges: async () => new Map(),
  listCaseSteps: async () => [],
} as unknown as MergeReads;
const user = { id: 'user-bench-0001', township: '110101001', role: 'worker' } as unknown as UserRow;

/** The steps that run a checkout's own server code. */
async function serverSteps(root: string): Promise<Record<string, () => Promise<void> | void>> {
  const sync = (file: string) => import(`${root}/sync-server/src/sync/${file}.ts`);
  const { parsePush } = (await sync('parse-push')) as typeof import('../../../sync-server/src/sync/parse-push');
  const { BatchTx } = (await sync('batch-tx')) as typeof import('../../../sync-server/src/sync/batch-tx');
  const { applyChange } = (await sync('apply-change')) as typeof import('../../../sync-server/src/sync/apply-change');
  const { makeIdHmac, rememberingHmac } = (await sync('id-hmac')) as typeof import('../../../sync-server/src/sync/id-hmac');
  const { householdPersonKeys } = (await sync('after-push-people')) as typeof import('../../../sync-server/src/sync/after-push-people');
  const hmac = makeIdHmac('00'.repeat(32));
  return {
    parsePush: () => {
      for (const t of texts) parsePush(JSON.parse(t), at);
    },
    applyChange: async () => {
      for (const t of texts) {
        const push: ParsedPush = parsePush(JSON.parse(t), at);
        const idHmac = rememberingHmac(hmac);
        const actor: PushActor = { user, township: user.township!, deviceId: push.deviceId, at: at.toISOString(), idHmac, sameArea: (t) => new Set([t]) };
        const batch = new BatchTx(empty);
        await batch.preload(push.changes.map((c) => ({ entity: c.entity, id: c.id })));
        for (const c of push.changes) await applyChange(batch, actor, c);
        for (const r of batch.writtenRecords().values()) if (r.entity === 'household') householdPersonKeys(r as StoredRecord, idHmac);
      }
    },
  };
}

// The server's JSON parser (http/json-body.ts takes Fastify's default, with its proto-poisoning checks).
const parseJson = Fastify().getDefaultJsonParser('error', 'error') as unknown as (req: unknown, body: string, done: (err: Error | null, body?: unknown) => void) => void;
const steps: Record<string, () => Promise<void> | void> = {
  gunzip: () => {
    for (const b of bodies) gunzipSync(b.gzip);
  },
  decode: () => {
    for (const b of bodies) Buffer.from(b.json).toString('utf8');
  },
  json: () => {
    for (const t of texts) parseJson(null, t, (err) => {
      if (err) throw err;
    });
  },
};
for (const [k, f] of Object.entries(await serverSteps(here))) steps[k] = f;
if (compare) for (const [k, f] of Object.entries(await serverSteps(resolve(compare)))) steps[`${k} (${compare})`] = f;

const names = Object.keys(steps).filter((k) => only === undefined || k === only || k.startsWith(`${only} (`));
const times: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  for (const k of r % 2 ? [...names].reverse() : names) {
    const t = process.cpuUsage();
    await steps[k]!();
    const d = process.cpuUsage(t);
    times[k]!.push((d.user + d.system) / 1000);
  }
}
const n = devices * perDevice;
// With --compare: this tree's CPU over the other's, round by round (the two ran next to each other in each round).
const pairs: string[] = [];
for (const k of names) {
  const other = times[`${k} (${compare})`];
  if (!compare || !other) continue;
  const ratios = times[k]!.map((t, r) => t / other[r]!);
  const s = [...ratios].sort((a, b) => a - b);
  pairs.push(`${k}: this tree / ${compare} per round: median ${s[Math.floor(s.length / 2)]!.toFixed(3)} (${s[0]!.toFixed(3)}–${s.at(-1)!.toFixed(3)})`);
}
for (const k of names) {
  const sorted = [...times[k]!].sort((a, b) => a - b);
  const med = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`${k.padEnd(12)} median ${med.toFixed(0).padStart(5)} ms CPU (${((med * 1000) / n).toFixed(1)} µs/record), min ${sorted[0]!.toFixed(0)} ms, rounds ${sorted.map((v) => v.toFixed(0)).join(' ')}`);
}
for (const line of pairs) console.log(line);
