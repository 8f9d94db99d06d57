import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import {
  DISABILITY_CATEGORIES,
  LEGAL_STATUSES,
  SUPPORTER_RECEIVES,
  SUPPORTER_RELATIONS,
} from '../../../shared/rules/eligibility/household-schema';
import { CheckboxLike } from '../CheckboxLike';
import { AmountInput, SelectInput, TextInput, useFieldError, useOptions, YesNo } from '../form-controls';
import { PersonIdNumber } from '../PersonIdNumber';
import { useSurveyForm } from '../survey-context';
import type { SurveyFormValues } from '../survey-form-values';
import { useSurveyText } from '../useSurveyText';

/**
 * Step 7: legal supporters living elsewhere (T4). Mandatory for 特困: "none" is an answer the worker
 * gives explicitly (an empty list), different from "not asked" (no list).
 */
export function SupportersStep() {
  const { t } = useSurveyText();
  const { newId } = useSurveyForm();
  const { control, setValue } = useFormContext<SurveyFormValues>();
  const rows = useFieldArray({ control, name: 'supporters', keyName: 'key' });
  const list = useWatch({ control, name: 'supporters' }) as unknown[] | undefined;
  const error = useFieldError('supporters');
  const relations = useOptions('supporterRelation', SUPPORTER_RELATIONS);
  const receives = useOptions('receives', SUPPORTER_RECEIVES);
  const categories = useOptions('disabilityCategory', DISABILITY_CATEGORIES);
  const grades = useOptions('grade', [1, 2, 3, 4]);
  const statuses = useOptions('legalStatus', LEGAL_STATUSES);

  return (
    <div className="step-body">
      <p className="hint">{t('supporters.intro')}</p>
      {rows.fields.map((f, i) => {
        const p = `supporters.${i}`;
        const title = t('supporters.item', { n: i + 1 });
        return (
          <fieldset key={f.key} className="group row">
            <legend>{title}</legend>
            <div className="field-grid">
              <TextInput name={`${p}.name`} />
              <PersonIdNumber prefix={p} derive="supporter" />
              <SelectInput name={`${p}.relation`} options={relations} />
              <AmountInput name={`${p}.age`} integer />
              <AmountInput name={`${p}.monthlyIncome`} />
              <SelectInput name={`${p}.receives`} options={receives} />
              <SelectInput name={`${p}.disability.category`} errorAlso={`${p}.disability`} options={categories} />
              <SelectInput name={`${p}.disability.grade`} numeric options={grades} />
              <SelectInput name={`${p}.legalStatus`} options={statuses} />
            </div>
            <YesNo name={`${p}.propertyWithinLimit`} />
            <button type="button" onClick={() => rows.remove(i)} aria-label={`${t('remove')} ${title}`}>
              {t('remove')}
            </button>
          </fieldset>
        );
      })}
      {rows.fields.length === 0 && (
        <CheckboxLike label={t('supporters.noneConfirmed')} checked={Array.isArray(list)} onChange={(on) => (on ? rows.replace([]) : setValue('supporters', undefined, { shouldDirty: true }))} />
      )}
      {error && <p className="field-error">{error}</p>}
      <button type="button" onClick={() => rows.append({ id: newId() })}>
        {t('supporters.add')}
      </button>
    </div>
  );
}
