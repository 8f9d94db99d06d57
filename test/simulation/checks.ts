/**
 * What every simulated run must satisfy (issue 12):
 * 1. every saved change stored exactly once: each created record once on the server, every outbox
 *    empty and nothing rejected, no applied change the tablet never sent, and no tablet in conflict with
 *    itself (what a change applied twice, or out of its own order, looks like);
 * 2. no pull skips a committed row: every record the server holds is on every tablet, at its version;
 * 3. every tablet converges to the server's state, field for field;
 * 4. every competing value is kept, per field: a value a tablet saved is in the record, or in a
 *    conflict of that record and field, or was edited over by someone who had it in front of them, or
 *    merely put back the value the tablet's change was based on (an undo: nothing of it competes).
 */
import { deepEqual } from '../../src/shared/rules/deep-equal';
import type { TidemarkSession } from '../../src/app/compose-session';
import type { InProcessServer } from '../helpers/in-process-server';

/** One field value a tablet saved (the save resolved): `prev` is what the tablet showed before the edit. */
export interface Write {
  tablet: string;
  recordId: string;
  field: string;
  value: unknown;
  prev: unknown;
  /**
   * The field's value in the state the tablet's change stands on (its base: the record as the tablet held
   * it when nothing of it was queued). A save that puts the base value back is an undo, not a competing
   * value: for the merge it leaves the field as the base had it (P1, C5).
   */
  base: unknown;
  at: number;
}

export interface CheckInput {
  servers: InProcessServer[];
  tablets: { name: string; session: TidemarkSession; sent: Map<string, Set<number>> }[];
  writes: Write[];
  created: string[];
}

const show = (v: unknown) => JSON.stringify(v);

export async function checkRun({ servers, tablets, writes, created }: CheckInput): Promise<string[]> {
  const failures: string[] = [];
  const server = servers[0]!;
  const records = await server.records('household');
  const byId = new Map(records.map((r) => [r.id, r]));
  const conflicts = (await server.records('conflict')).map((r) => r.fields as { recordId: string; field: string; values: { value: unknown; stamp: { device: string; shared?: true } }[] });

  // 1. Exactly once.
  if (records.length !== byId.size) failures.push(`[once] the server holds ${records.length} household rows for ${byId.size} ids`);
  for (const id of created) if (!byId.has(id)) failures.push(`[once] ${id} was saved on a tablet but never stored on the server`);
  for (const r of records) if (!created.includes(r.id)) failures.push(`[once] the server holds ${r.id}, which no tablet created`);
  for (const t of tablets) {
    const outbox = await t.session.db.outbox.count();
    if (outbox > 0) failures.push(`[once] ${t.name} still has ${outbox} change(s) in its outbox after the final syncs`);
    const st = t.session.sync.state();
    if (st.rejected > 0) failures.push(`[once] ${t.name} has ${st.rejected} rejected change(s)`);
    for (const [clientId, seqs] of t.sent) {
      const applied = await server.appliedCount(clientId);
      if (applied > seqs.size) failures.push(`[once] the server applied ${applied} changes of ${t.name} (${clientId}) but it sent ${seqs.size} seqs`);
    }
  }
  for (const c of conflicts) {
    const devices = new Set(c.values.map((v) => v.stamp.device));
    // A shared stamp (SPEC C8) stands for a value another device also wrote or competed with.
    if (devices.size === 1 && !c.values.some((v) => v.stamp.shared)) failures.push(`[once] a conflict of ${c.recordId}.${c.field} has only values of one device ${[...devices][0]}: ${show(c.values.map((v) => v.value))}`);
  }

  for (const t of tablets) {
    // 2. No pull skips a committed row: every server record is here, at the server's version.
    const local = new Map((await t.session.db.records.toArray()).map((r) => [r.id, r]));
    for (const r of records) {
      const mine = local.get(r.id);
      if (!mine) failures.push(`[pull] ${t.name} never received ${r.id} (server version ${r.version})`);
      else if (mine.version !== r.version) failures.push(`[pull] ${t.name} holds ${r.id} at version ${mine.version}, the server at ${r.version}`);
    }
    // 3. Converged, field for field.
    for (const r of records) {
      const fields = await t.session.households.get(r.id);
      if (fields && !deepEqual(fields, r.fields)) failures.push(`[converge] ${t.name} shows ${r.id} as ${show(fields)}; the server holds ${show(r.fields)}`);
    }
  }

  // 4. Every competing value kept, per field.
  for (const w of writes) {
    const r = byId.get(w.recordId);
    if (!r) continue; // reported above
    if (deepEqual(r.fields[w.field], w.value)) continue;
    // An undo to the base: another tablet that changed the field from that same base value saw it.
    if (deepEqual(w.base, w.value)) continue;
    const inConflict = conflicts.some((c) => c.recordId === w.recordId && c.field === w.field && c.values.some((v) => deepEqual(v.value, w.value)));
    if (inConflict) continue;
    const editedOver = writes.some((x) => x !== w && x.recordId === w.recordId && x.field === w.field && x.at >= w.at && deepEqual(x.prev, w.value));
    if (editedOver) continue;
    failures.push(`[lost] ${w.tablet} saved ${w.recordId}.${w.field} = ${show(w.value)}; the server holds ${show(r.fields[w.field])} and no conflict keeps it`);
  }
  return failures;
}
