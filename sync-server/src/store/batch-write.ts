import type { BatchWrite, StoreTx } from './store';

/**
 * A batch's writes one kind after another (SQLite, where a statement costs no round trip; and
 * PostgreSQL's batches too large for one statement): the marks first, and nothing more when fewer are
 * new than given (the caller rolls back), then the records, the audit entries, the person index, the
 * sub-stores' rows and the case links, each step's arrival its record's serverSeq (SPEC K5).
 */
export async function writeBatchInSteps(tx: StoreTx, w: BatchWrite): Promise<number> {
  const marked = await tx.recordAppliedMany(w.clientId, w.marks, w.at);
  if (marked !== w.marks.length) return marked;
  await tx.putRecords(w.records);
  await tx.appendAudits(w.audits);
  if (w.personKeys.length) await tx.replacePersonKeysMany(w.personKeys);
  for (const q of w.also()) await tx.runCompiled(q);
  if (w.links.length) {
    const seqs = await tx.recordSeqs(w.links.map((l) => ({ entity: 'caseStep', id: l.stepId })));
    for (const l of w.links) await tx.linkCaseStep(l.caseId, l.stepId, seqs.get(`caseStep\u0000${l.stepId}`) ?? 0);
  }
  return marked;
}
