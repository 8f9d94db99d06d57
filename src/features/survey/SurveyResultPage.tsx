import { useEffect, useState } from 'react';
import type { PolicyRecord } from '../../shared/schema/policy';
import type { SurveyDraft } from '../../shared/schema/survey';
import { SurveyResult } from './SurveyResult';
import { useSurveyApi } from './useSurveyApi';
import { useSurveyText } from './useSurveyText';

/** The stored pre-assessment of survey `id`, with the source of the policy when it is the one on this tablet. */
export function SurveyResultPage({ id, onEdit, onBack }: { id: string; onEdit: () => void; onBack: () => void }) {
  const { t } = useSurveyText();
  const api = useSurveyApi();
  const [data, setData] = useState<{ survey: SurveyDraft | null; policy: PolicyRecord | null } | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([api.get(id), api.policy()]).then(
      ([survey, policy]) => live && setData({ survey, policy }),
      () => live && setData({ survey: null, policy: null }),
    );
    return () => {
      live = false;
    };
  }, [id, api]);

  if (!data) return <p>{t('form.loading')}</p>;
  if (!data.survey) return <p className="error">{t('form.notFound')}</p>;
  const source = data.policy && data.survey.assessment?.policyVersion === data.policy.policyVersion ? (data.policy.source ?? null) : null;
  return <SurveyResult survey={data.survey} policySource={source} onEdit={onEdit} onBack={onBack} />;
}
