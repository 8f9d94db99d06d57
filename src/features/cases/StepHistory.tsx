import type { CaseDetail } from '../../db/contracts';
import type { CaseStep } from '../../shared/schema/case-step';
import { useCasesText } from './useCasesText';

/** One step's content in words (who and when are columns of their own). */
export function StepWhat({ step }: { step: CaseStep }) {
  const { t } = useCasesText();
  const w = (key: string, o: Record<string, unknown> = {}) => t(`work.stepText.${key}`, o);
  switch (step.kind) {
    case 'survey':
      return <>{w('survey', { visit: t(`work.visit.${step.payload.visitKind}`) })}</>;
    case 're-investigation':
      return <>{w('reinvestigation', { reason: step.payload.reason })}</>;
    case 'township-opinion':
      return <>{step.payload.proposal === 'grant' ? w('grant', { amount: step.payload.amount }) : w('refuse', { reason: step.payload.reason })}</>;
    case 'notice':
      return (
        <>
          {w('notice', { start: step.payload.start, end: step.payload.end, count: step.payload.objections.length })}
          {step.payload.objections.length > 0 && (
            <ul>
              {step.payload.objections.map((o, i) => (
                <li key={i}>{w('objection', o)}</li>
              ))}
            </ul>
          )}
        </>
      );
    case 'emergency-grant':
      return <>{w('emergency', step.payload)}</>;
    case 'county-decision': {
      const p = step.payload;
      if (p.outcome === 'grant') return <>{w('decisionGrant', { amount: p.amount, month: p.firstMonth })}</>;
      if (p.outcome === 'refuse') return <>{w('decisionRefuse', { reason: p.reason })}</>;
      return (
        <>
          <strong>{w('decisionReturn', { missing: p.missing })}</strong>
          {p.comment && <div>{w('comment', { comment: p.comment })}</div>}
        </>
      );
    }
    case 'correction':
      return <>{w('correction', { kind: step.payload.corrects.slice(0, 8), reason: step.payload.reason })}</>;
    case 'financial-check':
      return <>{w('check', { result: step.payload.result === 'matched' ? '✓' : step.payload.note })}</>;
    case 'extension':
      return <>{w('extension', step.payload)}</>;
    case 'review-outcome':
      return <>{w('review', { outcome: step.payload.outcome })}</>;
    default:
      return null;
  }
}

/** The case's history: every step (who, when, what), stale and corrected ones marked, none hidden. */
export function StepHistory({ detail }: { detail: CaseDetail }) {
  const { t } = useCasesText();
  const path = new Set(detail.pathIds);
  const corrected = new Set(detail.steps.flatMap((s) => (s.kind === 'correction' ? [s.payload.corrects] : [])));
  return (
    <table className="records case-history" aria-label={t('work.historyLabel')}>
      <thead>
        <tr>
          <th scope="col">{t('work.col.when')}</th>
          <th scope="col">{t('work.col.kind')}</th>
          <th scope="col">{t('work.col.who')}</th>
          <th scope="col">{t('work.col.what')}</th>
        </tr>
      </thead>
      <tbody>
        {detail.steps.map((s) => (
          <tr key={s.id} className={s.kind === 'county-decision' ? 'county-step' : undefined}>
            <td data-label={t('work.col.when')}>{s.when.slice(0, 16).replace('T', ' ')}</td>
            <th scope="row" data-label={t('work.col.kind')}>
              {t(`step.${s.kind}`)}
              {corrected.has(s.id) && <span className="muted"> {t('work.corrected')}</span>}
              {!path.has(s.id) && s.kind !== 'correction' && <span className="case-stale"> {t('work.stale')}</span>}
            </th>
            <td data-label={t('work.col.who')}>
              {s.who.name}（{t(`work.role.${s.who.role}`)}）
            </td>
            <td data-label={t('work.col.what')}>
              <StepWhat step={s} />
              {s.note && <div className="muted">{s.note}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
