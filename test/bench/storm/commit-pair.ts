/**
 * The storm's writes without the server (issue 14, tenth session): two SQLite stores, each from its own
 * source tree, write the same 10,000 workload records in groups as a storm's group commits do (the marks,
 * records, audit rows and person keys of ~360 records a commit), taking turns commit by commit so that
 * both see the same machine load. Prints each store's time in its write transactions (statements and
 * COMMIT, the event loop blocked) and the WAL frames are left to commit-pages-hook.mjs.
 * Usage: `npx tsx test/bench/storm/commit-pair.ts /work/wt/base /work/wt/sqlpages [commits]`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppliedInsert, AuditInput, PersonKeysEntry, RecordWrite, Store } from '../../../sync-server/src/store/store';
import { generateWorkload } from '../workload/generate';

const [treeA, treeB] = process.argv.slice(2, 4);
const commits = Number(process.argv[4] ?? 28);
if (!treeA || !treeB) throw new Error('usage: commit-pair.ts TREE_A TREE_B [commits]');

const records = generateWorkload(10_000, { seed: 99 });
const at = '2026-12-06T10:00:00.000Z';
const hmac = (s: string) => createHash('sha256').update(`k:${s}`).digest('hex');
/** Every idNumber the record's fields name (the head's and the members'). */
const idNumbers = (v: unknown, out: string[] = []): string[] => {
  if (Array.isArray(v)) for (const x of v) idNumbers(x, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (k === 'idNumber' && typeof x === 'string' ? out.push(x) : idNumbers(x, out));
  return out;
};

interface Group { clientId: string; marks: AppliedInsert[]; writes: RecordWrite[]; audits: AuditInput[]; keys: PersonKeysEntry[] }
const per = Math.ceil(records.length / commits);
const groups: Group[] = [];
for (let g = 0; g < commits; g++) {
  const slice = records.slice(g * per, (g + 1) * per);
  const clientId = `client-${g}`;
  const writes = slice.map((r): RecordWrite => {
    const keys = Object.keys(r.fields);
    const ids = idNumbers(r.fields);
    return {
      entity: r.entity, id: r.fields.id, township: '411523001', version: 1, fields: r.fields,
      fieldVersions: Object.fromEntries(keys.map((k) => [k, 1])), fieldStamps: Object.fromEntries(keys.map((k) => [k, { at, by: clientId }])) as never,
      createdBy: 'u', updatedBy: 'u', originClient: clientId, updatedAt: at, deleted: false, idHmac: ids[0] ? hmac(ids[0]) : null,
    };
  });
  groups.push({
    clientId,
    marks: slice.map((r, i) => ({ seq: i + 1, result: { seq: i + 1, id: r.fields.id, status: 'applied', version: 1 } })),
    writes,
    audits: slice.map((r) => ({ at, userId: 'u', deviceId: clientId, township: '411523001', action: 'sync.apply', entity: r.entity, recordId: r.fields.id, detail: { seq: 1 } })),
    keys: slice.filter((r) => r.entity === 'household').map((r) => ({ entity: 'household', recordId: r.fields.id, idHmacs: [...new Set(idNumbers(r.fields).map(hmac))], fresh: true })),
  });
}

async function open(tree: string): Promise<{ store: Store; dir: string }> {
  const { openSqliteStore } = (await import(join(tree, 'sync-server/src/store/sqlite-store.ts'))) as typeof import('../../../sync-server/src/store/sqlite-store');
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-pair-'));
  return { store: openSqliteStore({ file: join(dir, 'tidemark.sqlite') }), dir };
}

const sides = [await open(treeA), await open(treeB)];
const ms = [0, 0];
const load0 = loadavg()[0]!;
for (const [g, group] of groups.entries()) {
  // A first on even commits, B first on odd ones.
  for (const s of g % 2 === 0 ? [0, 1] : [1, 0]) {
    const t = performance.now();
    await sides[s]!.store.transaction(async (tx) => {
      await tx.recordAppliedMany(group.clientId, group.marks, at);
      await tx.putRecords(group.writes);
      await tx.appendAudits(group.audits);
      await tx.replacePersonKeysMany(group.keys);
    });
    ms[s]! += performance.now() - t;
  }
}
const stats = sides.map((s) => s.store.commitStats());
for (const s of sides) {
  await s.store.close();
  rmSync(s.dir, { recursive: true, force: true });
}
console.log(`${commits} commits of ~${per} records each, load ${load0.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}: ` +
  `A ${(ms[0]! / 1000).toFixed(2)} s in its write transactions, B ${(ms[1]! / 1000).toFixed(2)} s` +
  `${stats[1]!.commitMs === undefined ? '' : ` (B's COMMITs ${(stats[1]!.commitMs / 1000).toFixed(2)} s)`}${stats[0]!.commitMs === undefined ? '' : ` (A's COMMITs ${(stats[0]!.commitMs / 1000).toFixed(2)} s)`}`);
