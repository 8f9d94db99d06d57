import { useFormContext, useFormState, useWatch } from 'react-hook-form';
import { STEPS, flattenErrors, stepOfPath, type StepName } from '../survey-steps';
import { useSurveyForm } from '../survey-context';
import type { SurveyFormValues } from '../survey-form-values';
import { useSurveyText } from '../useSurveyText';

const GROUPED = new Set(['registeredResidence', 'usualResidence', 'selfCare', 'parents', 'proxy', 'emergency']);

/** The context of a row inside a path: which member, investigator, supporter or item it is. */
function rowContext(path: string, members: { name?: string }[], t: ReturnType<typeof useSurveyText>['t']): string | null {
  const parts = path.split('.');
  const rows: string[] = [];
  for (let i = 0; i < parts.length - 1; i++) {
    const n = Number(parts[i + 1]);
    if (!/^\d+$/.test(parts[i + 1] ?? '')) continue;
    if (parts[i] === 'members') rows.push(members[n]?.name?.trim() || t('caseStep.memberN', { n: n + 1 }));
    else if (parts[i] === 'investigators') rows.push(t('visit.investigator', { n: n + 1 }));
    else if (parts[i] === 'supporters') rows.push(t('supporters.item', { n: n + 1 }));
    else if (parts[i] === 'incomes') rows.push(t('incomes.item', { n: n + 1 }));
    else if (parts[i] === 'houses') rows.push(t('assets.house', { n: n + 1 }));
    else if (parts[i] === 'vehicles') rows.push(t('assets.vehicle', { n: n + 1 }));
    else if (parts[i] === 'businessAssets') rows.push(t('assets.business', { n: n + 1 }));
  }
  return rows.length ? rows.join(' · ') : null;
}

/** Step 9: what will be submitted, what is still missing (each with its step), and the complete button. */
export function ReviewStep({
  onComplete,
  completing,
  completeError,
  goTo,
  goToField,
}: {
  onComplete: () => void;
  completing: boolean;
  completeError: string | null;
  goTo: (step: StepName) => void;
  /** To the step, the member row and the field itself (issue 13 item 5). */
  goToField?: (step: StepName, path: string) => void;
}) {
  const text = useSurveyText();
  const { t } = text;
  const { policy } = useSurveyForm();
  const { control } = useFormContext<SurveyFormValues>();
  const { errors, submitCount } = useFormState({ control });
  const members = (useWatch({ control, name: 'members' }) ?? []) as { id: string; name?: string }[];
  const applicantId = useWatch({ control, name: 'applicantMemberId' });
  const attachments = (useWatch({ control, name: 'attachments' }) ?? []) as unknown[];
  const problems = submitCount > 0 ? flattenErrors(errors) : [];
  // Leaves whose own label is generic (乡镇, 进食) are named with their group (户籍地 · 乡镇).
  const fieldLabel = (path: string) => {
    const parts = path.split('.');
    const parent = parts.length >= 2 ? parts[parts.length - 2]! : '';
    return GROUPED.has(parent) ? `${text.label(parts.slice(0, -1).join('.'))} · ${text.label(path)}` : text.label(path);
  };
  const applicant = members.find((m) => m.id === applicantId)?.name || t('list.unnamed');

  return (
    <div className="step-body">
      <p>{t('review.intro')}</p>
      <p>{t('review.summary', { applicant, members: members.length, photos: attachments.length })}</p>
      <p className={policy ? 'notice' : 'warning'}>
        {policy ? t('review.policy', { version: policy.policyVersion, source: policy.source ?? policy.id }) : t('review.noPolicy')}
      </p>
      {problems.length > 0 && (
        <section className="problems" aria-labelledby="survey-problems-title">
          <p id="survey-problems-title" className="error" role="alert">
            {t('review.problems')}
          </p>
          <ul aria-label={t('review.problemsLabel')}>
            {problems.map((p, i) => {
              const step = stepOfPath(p.path);
              const ctx = rowContext(p.path, members, t);
              const field = ctx ? t('review.rowOf', { label: fieldLabel(p.path), row: ctx }) : fieldLabel(p.path);
              const stepName = t(`steps.${step}`);
              const msg = text.message(p.message, p.type);
              return (
                <li key={`${p.path}-${i}`}>
                  <span>{field === stepName ? t('review.problemStep', { step: stepName, message: msg }) : t('review.problem', { step: stepName, field, message: msg })}</span>{' '}
                  {step !== 'review' && (
                    <button type="button" className="link-button" onClick={() => (goToField ? goToField(step, p.path) : goTo(step))}>
                      {t('review.goTo', { step: `${STEPS.indexOf(step) + 1} ${t(`steps.${step}`)}` })}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {completeError && (
        <p className="error" role="alert">
          {completeError}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="primary" onClick={onComplete} disabled={completing}>
          {completing ? t('review.completing') : t('review.complete')}
        </button>
      </div>
    </div>
  );
}
