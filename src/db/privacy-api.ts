import type { FieldEntity } from '../shared/protocol/entities';
import { queueAuditEvent, pendingAuditEvents } from './audit-queue';
import type { UnlockedSession } from './contracts';
import type { RecordCache } from './record-cache';
import type { UserDb } from './user-db';

export type PrivacyApi = NonNullable<UnlockedSession['privacy']>;

export interface PrivacyApiDeps {
  db: UserDb;
  cache: RecordCache;
  /** Throws LOCKED after lock(). */
  live: () => void;
  now: () => Date;
  /** Try to send the queued audit events now (never rejects). */
  flush: () => void;
}

/** The value at a dotted path ('head.idNumber', 'members.2.idNumber'), if it is a non-empty string. */
function stringAt(fields: unknown, path: string): string | null {
  let v: unknown = fields;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[part];
  }
  return typeof v === 'string' && v.trim() ? v : null;
}

/**
 * privacy.md §3: lists and forms show ID numbers masked; this is the one way to see one in full. The
 * audit event is queued (on disk, strict durability) before the number is returned, so a reveal
 * offline is logged too, as soon as the tablet next reaches the server.
 */
export function createPrivacyApi(deps: PrivacyApiDeps): PrivacyApi {
  return {
    async revealIdNumber(entity: FieldEntity, recordId: string, path = 'head.idNumber') {
      deps.live();
      const c = await deps.cache.get(recordId);
      if (!c || c.row.entity !== entity) return null;
      const value = stringAt(c.fields, path);
      if (!value) return null;
      await queueAuditEvent(deps.db, { action: 'idnumber.reveal', entity, recordId, at: deps.now().toISOString() });
      deps.flush();
      return value;
    },
    pendingAuditEvents: () => pendingAuditEvents(deps.db),
  };
}
