import { newDivisionSchema, type Division, type NewDivision } from '../../../src/shared/schema/division';
import { levelOfCode, parentCodeOf } from '../../../src/shared/rules/areas/division-code';
import { DIVISION_LEVELS } from '../../../src/shared/schema/division';
import type { AppContext } from '../context';
import type { DivisionInsert } from '../store/division-store';
import { StoreConflictError } from '../store/store';
import { areaIssue } from './area-issue';

type Ctx = Pick<AppContext, 'store' | 'clock'>;
export interface Actor {
  userId: string | null;
  deviceId: string | null;
  /** 'cli' for the command line. */
  via?: string;
}

const audit = (ctx: Ctx, by: Actor, action: string, code: string, detail: Record<string, unknown>) =>
  ctx.store.appendAudit({
    at: ctx.clock().toISOString(), userId: by.userId, deviceId: by.deviceId, township: null, action, entity: 'division', recordId: code,
    detail: { ...detail, ...(by.via ? { by: by.via } : {}) },
  });

const conflictIssue = (err: unknown, path: string): never => {
  if (err instanceof StoreConflictError) throw areaIssue(path, 'division.taken', { reason: err.message });
  throw err;
};

/**
 * Divisions to insert for `rows` (already parsed), parents first. A parent must be active, in the
 * registry or among the rows; a code already registered under the same name is skipped (a re-import
 * changes nothing), under another name refused. All issues are collected, nothing is inserted on any.
 */
async function planDivisions(ctx: Ctx, rows: NewDivision[], provisional = false): Promise<{ inserts: DivisionInsert[]; skipped: number; issues: { path: string; message: string }[] }> {
  const at = ctx.clock().toISOString();
  const known = new Map((await ctx.store.listDivisions()).map((d) => [d.code, d]));
  const issues: { path: string; message: string }[] = [];
  const incoming = new Map<string, NewDivision & { line: number }>();
  rows.forEach((r, index) => {
    const line = index + 1;
    if (levelOfCode(r.code) === null) issues.push({ path: `${line}.code`, message: 'division.code.invalid' });
    else if (incoming.has(r.code) && incoming.get(r.code)!.name !== r.name) issues.push({ path: `${line}.code`, message: 'division.code.repeated' });
    else incoming.set(r.code, { ...r, line });
  });
  const inserts: DivisionInsert[] = [];
  let skipped = 0;
  const siblingNames = new Set([...known.values()].filter((d) => d.status === 'active').map((d) => `${d.parentCode}\u0000${d.name}`));
  const ordered = [...incoming.values()].sort((a, b) => DIVISION_LEVELS.indexOf(levelOfCode(a.code)!) - DIVISION_LEVELS.indexOf(levelOfCode(b.code)!) || (a.code < b.code ? -1 : 1));
  for (const r of ordered) {
    const old = known.get(r.code);
    if (old) {
      if (old.name === r.name) skipped++;
      else issues.push({ path: `${r.line}.name`, message: 'division.code.existsWithAnotherName' });
      continue;
    }
    const parentCode = parentCodeOf(r.code);
    const parent = parentCode ? (known.get(parentCode) ?? null) : null;
    const parentComing = parentCode !== null && incoming.has(parentCode);
    if (parentCode && !parentComing && !parent) issues.push({ path: `${r.line}.code`, message: 'division.parent.missing' });
    else if (parent && parent.status !== 'active') issues.push({ path: `${r.line}.code`, message: 'division.parent.retired' });
    else if (siblingNames.has(`${parentCode}\u0000${r.name}`)) issues.push({ path: `${r.line}.name`, message: 'division.name.takenInParent' });
    else {
      siblingNames.add(`${parentCode}\u0000${r.name}`);
      inserts.push({ code: r.code, name: r.name, level: levelOfCode(r.code)!, parentCode, provisional, at });
    }
  }
  return { inserts, skipped, issues };
}

/** Adds one division (its parent must be registered and active). */
export async function addDivision(ctx: Ctx, input: unknown, by: Actor): Promise<Division> {
  const row = newDivisionSchema.parse(input);
  const plan = await planDivisions(ctx, [row]);
  if (plan.issues.length) throw areaIssue(plan.issues[0]!.path.replace(/^1\./, ''), plan.issues[0]!.message);
  if (!plan.inserts.length) throw areaIssue('code', 'division.code.exists');
  const [added] = await ctx.store.addDivisions(plan.inserts).catch((err) => conflictIssue(err, 'name'));
  await audit(ctx, by, 'division.add', added!.code, { level: added!.level });
  return added!;
}

/** Adds every row or none; rows already registered under the same name are skipped. */
export async function importDivisions(ctx: Ctx, rows: NewDivision[], by: Actor): Promise<{ added: number; skipped: number }> {
  const plan = await planDivisions(ctx, rows);
  if (plan.issues.length) throw areaIssue(plan.issues[0]!.path, plan.issues[0]!.message, { allIssues: plan.issues.slice(0, 100) });
  if (plan.inserts.length) await ctx.store.addDivisions(plan.inserts).catch((err) => conflictIssue(err, 'name'));
  await audit(ctx, by, 'division.import', '-', { added: plan.inserts.length, skipped: plan.skipped });
  return { added: plan.inserts.length, skipped: plan.skipped };
}

export async function renameDivision(ctx: Ctx, code: string, name: string, by: Actor): Promise<Division> {
  const parsed = newDivisionSchema.parse({ code, name });
  const old = await ctx.store.getDivision(parsed.code);
  if (!old) throw areaIssue('code', 'area.unknownCode');
  if (old.status !== 'active') throw areaIssue('code', 'division.retired');
  const renamed = await ctx.store.renameDivision(parsed.code, parsed.name, ctx.clock().toISOString()).catch((err) => conflictIssue(err, 'name'));
  await audit(ctx, by, 'division.rename', parsed.code, {});
  return renamed!;
}

/**
 * Retires `code` with `successorCode`, an active division of the same level (a merged township, a
 * renamed county's new code, the official code of a provisional area). Nothing is re-keyed: records keep
 * the old code and scope follows the chain (rules/areas/townships-of-county.ts).
 */
export async function retireDivision(ctx: Ctx, code: string, successorCode: string, by: Actor): Promise<Division> {
  const old = await ctx.store.getDivision(code);
  if (!old) throw areaIssue('code', 'area.unknownCode');
  if (old.status !== 'active') throw areaIssue('code', 'division.retired');
  const next = await ctx.store.getDivision(successorCode);
  if (!next) throw areaIssue('successorCode', 'area.unknownCode');
  if (next.code === old.code) throw areaIssue('successorCode', 'division.successor.self');
  if (next.status !== 'active') throw areaIssue('successorCode', 'division.retired');
  if (next.level !== old.level) throw areaIssue('successorCode', 'division.successor.otherLevel');
  const retired = await ctx.store.retireDivision(code, successorCode, ctx.clock().toISOString());
  await audit(ctx, by, 'division.retire', code, { successorCode, provisional: old.provisional });
  return retired!;
}

/**
 * The administrator enters the official code of a provisional area: the official division is added
 * (under its parent from the code, with the provisional one's name unless another is given) when
 * missing, and the provisional one is retired with it as successor.
 */
export async function enterOfficialCode(ctx: Ctx, provisionalCode: string, input: { code: string; name?: string }, by: Actor): Promise<{ official: Division; retired: Division }> {
  const old = await ctx.store.getDivision(provisionalCode);
  if (!old) throw areaIssue('code', 'area.unknownCode');
  if (!old.provisional) throw areaIssue('code', 'division.notProvisional');
  let official = await ctx.store.getDivision(input.code);
  if (!official) official = await addDivision(ctx, { code: input.code, name: input.name ?? old.name }, by);
  const retired = await retireDivision(ctx, provisionalCode, official.code, by);
  return { official, retired };
}
