import type { Division } from '../../../src/shared/schema/division';
import type { FieldStamp } from '../../../src/shared/rules/merge';
import { accountCodes, provisionalRegistry, resolveTownshipName, type NamedAccount } from './provisional-registry';

/** What the release-1 database holds that names a township (read by the dialect step, 002-areas.ts). */
export interface UpgradeSnapshot {
  users: NamedAccount[];
  /** In serverSeq order. `fields` etc. only for the entities whose fields name townships. */
  records: UpgradeRecord[];
  attachments: { sha256: string; township: string | null; uploadedBy: string | null }[];
  /** Audit rows with a township. */
  audit: { id: number; userId: string | null; township: string }[];
}

export interface UpgradeRecord {
  entity: string;
  id: string;
  township: string | null;
  createdBy: string | null;
  version: number;
  fields?: Record<string, unknown>;
  fieldVersions?: Record<string, number>;
  fieldStamps?: Record<string, FieldStamp>;
}

interface QueueItem {
  kind: 'record' | 'event-township' | 'attachment' | 'audit';
  entity?: string;
  recordId?: string;
  position?: number;
  sha256?: string;
  auditId?: number;
  writtenTownship: string;
  candidates: string[];
}

export interface UpgradePlan {
  divisions: Division[];
  users: { id: string; township: string | null; county: string | null }[];
  /** Records to write back, in their old serverSeq order: each gets a new serverSeq so tablets pull it again. */
  records: { entity: string; id: string; township: string | null; version: number; fields?: Record<string, unknown>; fieldVersions?: Record<string, number>; fieldStamps?: Record<string, FieldStamp> }[];
  attachments: { sha256: string; township: string }[];
  auditAreas: { auditId: number; code: string }[];
  queue: QueueItem[];
}

/** Entities whose fields hold the township of the record (the admin typed it), as release 1 stored them. */
export const TOWNSHIP_FIELD_ENTITIES = ['site', 'policy', 'entitlement'];
/** Entities whose fields list townships. */
export const TOWNSHIPS_FIELD_ENTITIES = ['event', 'flag'];

/**
 * The upgrade of release 1's township names to codes, as a pure plan (issue 10, "migration that loses
 * nothing"): accounts' (county, township) pairs become provisional areas; every record, attachment
 * and audit row gets the area of the account that wrote it; what that does not settle goes to the
 * administrator's queue, its row left as written (a name is no code, so no non-administrator can read
 * it until resolved). Audit rows are mapped, never rewritten.
 */
export function planAreaUpgrade(s: UpgradeSnapshot, at: string): UpgradePlan {
  const reg = provisionalRegistry(s.users, at);
  const byId = new Map(s.users.map((u) => [u.id, u]));
  const queue: QueueItem[] = [];
  const plan: UpgradePlan = { divisions: reg.divisions, users: [], records: [], attachments: [], auditAreas: [], queue };

  for (const u of s.users) {
    if (u.township === null && u.county === null) continue;
    plan.users.push({ id: u.id, ...accountCodes(reg, u) });
  }

  const resolve = (writerId: string | null, name: string) => resolveTownshipName(reg, writerId ? byId.get(writerId) : undefined, name);
  /** Record id → its new township code, for the flags' townships lists. */
  const codeOfRecord = new Map<string, string>();
  const stamp: FieldStamp = { at, device: 'server' };

  for (const r of s.records) {
    let township = r.township;
    let queued = false;
    if (r.township !== null) {
      const res = resolve(r.createdBy, r.township);
      if ('code' in res) township = res.code;
      else {
        queued = true;
        queue.push({ kind: 'record', entity: r.entity, recordId: r.id, writtenTownship: r.township, candidates: res.candidates });
      }
    }
    if (township !== null && !queued) codeOfRecord.set(r.id, township);

    const fields = r.fields ? { ...r.fields } : undefined;
    const changed: string[] = [];
    if (fields && TOWNSHIP_FIELD_ENTITIES.includes(r.entity) && typeof fields.township === 'string' && !queued) {
      // The field and the column named the same township (admin-reference.ts): one answer for both.
      const code = r.township !== null && township !== r.township ? township : null;
      const res = code ? { code } : resolve(r.createdBy, fields.township);
      if ('code' in res && res.code !== fields.township) {
        fields.township = res.code;
        changed.push('township');
      } else if (!('code' in res)) {
        queue.push({ kind: 'record', entity: r.entity, recordId: r.id, writtenTownship: fields.township, candidates: res.candidates });
      }
    }
    if (fields && r.entity === 'event' && Array.isArray(fields.townships)) {
      const list = [...(fields.townships as string[])];
      list.forEach((name, position) => {
        const res = resolve(r.createdBy, name);
        if ('code' in res) list[position] = res.code;
        else queue.push({ kind: 'event-township', entity: 'event', recordId: r.id, position, writtenTownship: name, candidates: res.candidates });
      });
      if (list.some((v, i) => v !== (fields.townships as string[])[i])) {
        fields.townships = list;
        changed.push('townships');
      }
    }
    if (fields && r.entity === 'flag' && Array.isArray(fields.townships)) {
      // A flag lists the townships of its records: take them from those records' new codes.
      const ids = Array.isArray(fields.recordIds) ? (fields.recordIds as string[]) : [];
      const codes = [...new Set(ids.map((id) => codeOfRecord.get(id)).filter((c): c is string => c !== undefined))].sort();
      if (codes.length) {
        fields.townships = codes;
        changed.push('townships');
      }
    }
    if (township === r.township && changed.length === 0) continue;
    const out: UpgradePlan['records'][number] = { entity: r.entity, id: r.id, township, version: r.version };
    if (changed.length && fields) {
      // A server write of the changed fields (SPEC L3): a new version, server stamps on those fields.
      out.version = r.version + 1;
      out.fields = fields;
      out.fieldVersions = { ...r.fieldVersions, ...Object.fromEntries(changed.map((k) => [k, out.version])) };
      out.fieldStamps = { ...r.fieldStamps, ...Object.fromEntries(changed.map((k) => [k, stamp])) };
    }
    plan.records.push(out);
  }

  for (const a of s.attachments) {
    if (a.township === null) continue;
    const res = resolve(a.uploadedBy, a.township);
    if ('code' in res) plan.attachments.push({ sha256: a.sha256, township: res.code });
    else queue.push({ kind: 'attachment', sha256: a.sha256, writtenTownship: a.township, candidates: res.candidates });
  }

  for (const e of s.audit) {
    const res = resolve(e.userId, e.township);
    if ('code' in res) plan.auditAreas.push({ auditId: e.id, code: res.code });
    else queue.push({ kind: 'audit', auditId: e.id, writtenTownship: e.township, candidates: res.candidates });
  }
  return plan;
}
