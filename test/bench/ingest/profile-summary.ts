/**
 * Summarises a V8 .cpuprofile (issue 14): self time per function and inclusive time per function,
 * the top entries. `npx tsx test/bench/ingest/profile-summary.ts file.cpuprofile [top] [--window FROM TO]`:
 * with a window (monotonic µs, as storm-profile.ts prints it), only the samples taken inside it.
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const profile = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };
const top = Number(process.argv[3]?.startsWith('--') ? 40 : (process.argv[3] ?? 40));
const windowAt = process.argv.indexOf('--window');
if (windowAt > 0) {
  // Keep only the samples taken inside [FROM, TO]: a sample's time is startTime plus the deltas so far.
  const from = Number(process.argv[windowAt + 1]);
  const to = Number(process.argv[windowAt + 2]);
  const samples: number[] = [];
  const deltas: number[] = [];
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (t >= from && t <= to) {
      samples.push(id);
      deltas.push(profile.timeDeltas[i] ?? 0);
    }
  });
  if (samples.length === 0) throw new Error(`no sample inside the window (the profile runs ${profile.startTime} → ${t})`);
  profile.samples = samples;
  profile.timeDeltas = deltas;
}
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
const self = new Map<string, number>();
const incl = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  const n = byId.get(id)!;
  self.set(name(n), (self.get(name(n)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = name(byId.get(cur)!);
    if (seen.has(k)) continue;
    seen.add(k);
    incl.set(k, (incl.get(k) ?? 0) + dt);
  }
});
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (total ${(total / 1000).toFixed(0)} ms)`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((v / total) * 100).toFixed(1).padStart(5)} %  ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`);
};
show('self', self);
show('inclusive', incl);

// `--callers NAME`: who calls the functions whose name contains NAME (time by calling function).
const callersOf = process.argv.indexOf('--callers');
if (callersOf > 0) {
  const needle = process.argv[callersOf + 1]!;
  const by = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const chain: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) chain.push(name(byId.get(cur)!));
    const at = chain.findIndex((k) => k.includes(needle));
    if (at < 0) return;
    const k = chain.slice(at + 1, at + 5).join(' < ');
    by.set(k, (by.get(k) ?? 0) + dt);
  });
  show(`callers of ${needle}`, by);
}
