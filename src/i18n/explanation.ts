import type { TFunction } from 'i18next';
import type { ExplainedAssessment, Explanation } from '../shared/rules/eligibility/explain';

/**
 * Renders a pre-assessment sentence (key + parameters of the `eligibility` namespace) through i18next;
 * a parameter that is itself an explanation (a label, a clause) is rendered first. `t` must be bound to
 * the `eligibility` namespace (useTranslation('eligibility')). Values are never HTML-escaped here: React
 * escapes the text it renders.
 */
export function renderExplanation(t: TFunction, e: Explanation): string {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e.params ?? {})) params[k] = typeof v === 'object' ? renderExplanation(t, v) : v;
  return t(e.key as never, { ...params, interpolation: { escapeValue: false } }) as string;
}

/** The summary as one line (its parts joined) and one line per reason. */
export function renderAssessment(t: TFunction, a: ExplainedAssessment): { summary: string; reasons: string[] } {
  return {
    summary: a.summary.map((p) => renderExplanation(t, p)).join(t('summarySeparator' as never) as string),
    reasons: a.reasons.map((r) => renderExplanation(t, r)),
  };
}
