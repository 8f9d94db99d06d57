import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { INCOME_KINDS } from '../../../shared/schema/policy';
import { INCOME_SOURCES } from '../../../shared/schema/survey-fields';
import { AmountInput, SelectInput, useOptions } from '../form-controls';
import type { SurveyFormValues } from '../survey-form-values';
import { useSurveyText } from '../useSurveyText';

function MemberIncomes({ index, name }: { index: number; name: string }) {
  const { t } = useSurveyText();
  const { control } = useFormContext<SurveyFormValues>();
  const items = useFieldArray({ control, name: `members.${index}.incomes`, keyName: 'key' });
  const kinds = useOptions('incomeKind', INCOME_KINDS);
  const sources = useOptions('incomeSource', INCOME_SOURCES);
  const legend = t('incomes.legend', { name });
  return (
    <fieldset className="group">
      <legend>{legend}</legend>
      {items.fields.length === 0 && <p className="hint">{t('incomes.none')}</p>}
      {items.fields.map((f, k) => (
        <fieldset key={f.key} className="group row">
          <legend>{t('incomes.item', { n: k + 1 })}</legend>
          <div className="field-grid three">
            <SelectInput name={`members.${index}.incomes.${k}.kind`} options={kinds} />
            <AmountInput name={`members.${index}.incomes.${k}.monthly`} />
            <SelectInput name={`members.${index}.incomes.${k}.source`} options={sources} />
          </div>
          <button type="button" onClick={() => items.remove(k)} aria-label={`${t('remove')} ${legend} ${t('incomes.item', { n: k + 1 })}`}>
            {t('remove')}
          </button>
        </fieldset>
      ))}
      <button type="button" onClick={() => items.append({ source: 'declared' })}>
        {t('incomes.add', { name })}
      </button>
    </fieldset>
  );
}

/** Step 4: each member's monthly income, item by item, of a kind the policy counts or excludes. */
export function IncomesStep() {
  const { t } = useSurveyText();
  const { control } = useFormContext<SurveyFormValues>();
  const members = (useWatch({ control, name: 'members' }) ?? []) as { id: string; name?: string }[];
  return (
    <div className="step-body">
      <p className="hint">{t('incomes.intro')}</p>
      {members.length === 0 && <p className="hint">{t('incomes.noMembers')}</p>}
      {members.map((m, i) => (
        <MemberIncomes key={m.id} index={i} name={m.name?.trim() || t('caseStep.memberN', { n: i + 1 })} />
      ))}
    </div>
  );
}
