import { useEffect, useState } from 'react';
import { useFlash } from '../../app/flash';
import { useServices } from '../../app/services';
import { useNewRecordWord } from '../../app/useNewRecordWord';
import { chinaDate } from '../../shared/rules/china-time';
import type { PolicyRecord } from '../../shared/schema/policy';
import type { SurveyDraft, SurveyV1Income } from '../../shared/schema/survey';
import { compressPhoto, type CompressPhoto } from './compress-photo';
import { readStep, writeStep } from './step-memory';
import { SurveyForm } from './SurveyForm';
import { newSurveyValues, valuesFromDraft, type SurveyFormValues } from './survey-form-values';
import { useSurveyApi } from './useSurveyApi';
import { useSurveyText } from './useSurveyText';

interface Loaded {
  values: SurveyFormValues;
  submitted: boolean;
  /** Nothing was stored under the id when the form opened: a new survey (the list made the id). */
  fresh: boolean;
  policy: PolicyRecord | null;
  unassigned: SurveyV1Income[];
}

/**
 * Opens the survey `id` (a new one when nothing is stored under it yet: the list makes the id, so a
 * reload before the first save opens the same survey) at the step it was left on.
 */
export function SurveyFormPage({ id, onCompleted, compress = compressPhoto, autosaveDelayMs }: { id: string; onCompleted: (id: string) => void; compress?: CompressPhoto; autosaveDelayMs?: number }) {
  const { t } = useSurveyText();
  const api = useSurveyApi();
  const { now, newId } = useServices();
  const flash = useFlash();
  const [loaded, setLoaded] = useState<Loaded | 'failed' | null>(null);
  const today = chinaDate(now());
  // Issue 18: a new survey's autosaves say it is new until one has succeeded (SPEC O5); a draft that was
  // stored (reopened, restored from the draft pointer, started by a case step) never does.
  const firstSave = useNewRecordWord(loaded !== null && loaded !== 'failed' && loaded.fresh);

  useEffect(() => {
    let live = true;
    Promise.all([api.get(id), api.policy()]).then(
      ([draft, policy]) => {
        if (!live) return;
        const values = draft ? valuesFromDraft(draft) : newSurveyValues({ id, caseId: newId() }, today);
        const unassigned = ((draft as (SurveyDraft & { incomes?: SurveyV1Income[] }) | null)?.incomes ?? []) as SurveyV1Income[];
        setLoaded({ values, submitted: draft?.stage === 'submitted', fresh: !draft, policy, unassigned });
      },
      () => live && setLoaded('failed'),
    );
    return () => {
      live = false;
    };
    // Loaded once per survey: the form owns the values from then on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, api]);

  if (loaded === 'failed') return <p className="error">{t('form.notFound')}</p>;
  if (!loaded) return <p>{t('form.loading')}</p>;

  return (
    <>
      {loaded.unassigned.length > 0 && (
        <p className="warning" role="alert">
          {t('form.unassignedIncomes', {
            count: loaded.unassigned.length,
            list: loaded.unassigned.map((i) => `${t(`options.incomeKind.${i.kind}`)} ${i.monthly}`).join('、'),
          })}
        </p>
      )}
      <SurveyForm
        initial={loaded.values}
        submitted={loaded.submitted}
        today={today}
        policy={loaded.policy}
        compress={compress}
        newId={newId}
        now={now}
        autosaveDelayMs={autosaveDelayMs}
        initialStep={readStep(id)}
        onStepChange={(s) => writeStep(id, s)}
        saveDraft={(fields) => firstSave((word) => api.saveDraft(fields, word))}
        complete={(fields) => api.complete(fields)}
        onCompleted={(done) => {
          writeStep(done, 0);
          flash(t('review.done'));
          onCompleted(done);
        }}
      />
    </>
  );
}
