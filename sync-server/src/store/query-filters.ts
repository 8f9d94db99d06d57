import type { AuditFilter, ListRecordsQuery, RecordScope } from './store';

/**
 * WHERE clauses shared by both dialects. `p(value)` adds a parameter and returns its placeholder
 * (`?` in SQLite, `$n` in PostgreSQL), so the SQL text is written once.
 */
type Placeholder = (value: unknown) => string;

export function scopeCondition(scope: RecordScope, p: Placeholder): string {
  if (scope.kind === 'all') return 'TRUE';
  // Records with no township are reference data for every township (events); SPEC L1.
  if (scope.townships.length === 0) return 'township IS NULL';
  return `(township IN (${scope.townships.map(p).join(', ')}) OR township IS NULL)`;
}

export function listRecordsCondition(q: ListRecordsQuery, p: Placeholder): string {
  const where: string[] = [];
  if (q.entity !== undefined) where.push(`entity = ${p(q.entity)}`);
  if (q.townships !== null) {
    const some = q.townships.length ? `township IN (${q.townships.map(p).join(', ')})` : 'FALSE';
    where.push(q.includeNoTownship ? `(${some} OR township IS NULL)` : some);
  }
  if (q.afterSeq !== undefined) where.push(`server_seq > ${p(q.afterSeq)}`);
  return where.length ? where.join(' AND ') : 'TRUE';
}

export function auditCondition(f: AuditFilter, p: Placeholder): string {
  const where: string[] = [];
  if (f.action !== undefined) where.push(`action = ${p(f.action)}`);
  if (f.userId !== undefined) where.push(`user_id = ${p(f.userId)}`);
  if (f.township !== undefined) where.push(`township = ${p(f.township)}`);
  if (f.townships !== undefined) where.push(f.townships.length ? `township IN (${f.townships.map(p).join(', ')})` : 'FALSE');
  if (f.entity !== undefined) where.push(`entity = ${p(f.entity)}`);
  if (f.recordId !== undefined) where.push(`record_id = ${p(f.recordId)}`);
  if (f.since !== undefined) where.push(`at >= ${p(f.since)}`);
  if (f.until !== undefined) where.push(`at < ${p(f.until)}`);
  if (f.beforeId !== undefined) where.push(`id < ${p(f.beforeId)}`);
  return where.length ? where.join(' AND ') : 'TRUE';
}
