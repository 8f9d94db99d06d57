import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { REMOTE_METHODS, VISIT_METHODS } from '../../../shared/schema/survey-fields';
import { CheckboxInput, DateInput, SelectInput, TextArea, TextInput, useFieldError, useOptions } from '../form-controls';
import type { SurveyFormValues } from '../survey-form-values';
import { useSurveyText } from '../useSurveyText';

/** Step 2: the home visit — date, at least two investigators, method, what the worker saw. */
export function VisitStep() {
  const { t } = useSurveyText();
  const { control } = useFormContext<SurveyFormValues>();
  const investigators = useFieldArray({ control, name: 'homeVisit.investigators', keyName: 'key' });
  const method = useWatch({ control, name: 'homeVisit.method' });
  const listError = useFieldError('homeVisit.investigators');
  const methods = useOptions('method', VISIT_METHODS);

  return (
    <div className="step-body">
      <DateInput name="homeVisit.date" errorAlso="homeVisit" />
      <div className={`repeat${listError ? ' field-invalid' : ''}`}>
        {investigators.fields.map((f, i) => (
          <fieldset key={f.key} className="group row">
            <legend>{t('visit.investigator', { n: i + 1 })}</legend>
            <div className="field-grid">
              <TextInput name={`homeVisit.investigators.${i}.name`} />
              <TextInput name={`homeVisit.investigators.${i}.staffNo`} />
            </div>
            {investigators.fields.length > 2 && (
              <button type="button" onClick={() => investigators.remove(i)} aria-label={`${t('remove')} ${t('visit.investigator', { n: i + 1 })}`}>
                {t('remove')}
              </button>
            )}
          </fieldset>
        ))}
        {listError && <p className="field-error">{listError}</p>}
        <p className="hint">{t('visit.atLeastTwo')}</p>
        <button type="button" onClick={() => investigators.append({})}>
          {t('visit.addInvestigator')}
        </button>
      </div>
      <SelectInput name="homeVisit.method" options={methods} />
      {REMOTE_METHODS.includes(method) && <CheckboxInput name="homeVisit.majorEmergency" />}
      <TextArea name="livingConditions" />
    </div>
  );
}
