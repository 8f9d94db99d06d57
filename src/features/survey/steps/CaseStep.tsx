import { useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { APPLICATION_TYPES, RESIDENCES, VISIT_KINDS } from '../../../shared/schema/survey-fields';
import { EMERGENCY_KINDS } from '../../../shared/rules/eligibility/household-schema';
import { CheckboxLike } from '../CheckboxLike';
import { DateInput, RadioGroup, SelectInput, TextArea, TextInput, useFieldError, useOptions, YesNo } from '../form-controls';
import type { SurveyFormValues } from '../survey-form-values';
import { formatBytes } from '../format';
import { useSurveyText } from '../useSurveyText';

function AddressFields({ prefix }: { prefix: 'registeredResidence' | 'usualResidence' }) {
  const { label } = useSurveyText();
  const error = useFieldError(prefix);
  return (
    <fieldset className={`group${error ? ' field-invalid' : ''}`}>
      <legend>{label(prefix)}</legend>
      {error && <p className="field-error">{error}</p>}
      <div className="field-grid">
        <TextInput name={`${prefix}.township`} />
        <TextInput name={`${prefix}.village`} />
        <TextInput name={`${prefix}.group`} />
        <TextInput name={`${prefix}.address`} className="span-2" />
      </div>
    </fieldset>
  );
}

function Evidence({ doc }: { doc: 'authorisation' | 'pledge' }) {
  const { t } = useSurveyText();
  const { control } = useFormContext<SurveyFormValues>();
  const sha = useWatch({ control, name: `${doc}.evidence` }) as string | undefined;
  const attachments = (useWatch({ control, name: 'attachments' }) ?? []) as { sha256: string; size: number }[];
  const error = useFieldError(`${doc}.evidence`);
  const found = sha ? attachments.find((a) => a.sha256 === sha) : undefined;
  return (
    <p className={error ? 'field-error' : 'hint'}>
      {t(`fields.${doc}.evidence`)}：{found ? t('caseStep.evidenceSaved', { size: formatBytes(found.size) }) : (error ?? t('caseStep.evidenceMissing'))}
    </p>
  );
}

/** Step 1: the case — application, residence, applicant or proxy, the signed papers, the close-relative flag. */
export function CaseStep() {
  const { t } = useSurveyText();
  const { control, setValue, getValues } = useFormContext<SurveyFormValues>();
  const visitKind = useWatch({ control, name: 'visitKind' });
  const applicationType = useWatch({ control, name: 'applicationType' });
  const members = (useWatch({ control, name: 'members' }) ?? []) as { id: string; name?: string }[];
  const proxy = useWatch({ control, name: 'proxy' });
  const closeRelative = useWatch({ control, name: 'closeRelativeOfStaff' });
  const [hasProxy, setHasProxy] = useState(() => !!proxy && Object.keys(proxy as object).length > 0);
  const applicantOptions = members.map((m, i) => [m.id, m.name?.trim() || t('caseStep.memberN', { n: i + 1 })] as const);
  const emergencyKinds = useOptions('emergencyKind', EMERGENCY_KINDS);
  const applicationTypes = useOptions('applicationType', APPLICATION_TYPES);
  const visitKinds = useOptions('visitKind', VISIT_KINDS);
  const intervals = useOptions('reviewIntervalMonths', [6, 12]);
  const residences = useOptions('residence', RESIDENCES);

  return (
    <div className="step-body">
      <SelectInput name="applicationType" options={applicationTypes} />
      <div className="field-grid">
        <SelectInput name="visitKind" options={visitKinds} />
        {visitKind === 'annual-review' && <SelectInput name="reviewIntervalMonths" numeric options={intervals} />}
      </div>
      <RadioGroup name="residence" options={residences} />
      <AddressFields prefix="registeredResidence" />
      <button type="button" className="secondary" onClick={() => setValue('usualResidence', { ...getValues('registeredResidence') }, { shouldDirty: true })}>
        {t('sameAsRegistered')}
      </button>
      <AddressFields prefix="usualResidence" />

      <SelectInput name="applicantMemberId" options={applicantOptions} hint={members.length === 0 ? t('caseStep.noMembersYet') : undefined} />
      <CheckboxLike
        label={t('fields.hasProxy')}
        checked={hasProxy}
        onChange={(on) => {
          setHasProxy(on);
          if (!on) setValue('proxy', undefined, { shouldDirty: true });
        }}
      />
      {hasProxy && (
        <fieldset className="group">
          <legend>{t('fields.proxy._')}</legend>
          <div className="field-grid">
            <TextInput name="proxy.name" />
            <TextInput name="proxy.idNumber" maxLength={18} />
            <TextInput name="proxy.relation" />
            <TextInput name="proxy.reason" className="span-2" />
          </div>
        </fieldset>
      )}

      <YesNo name="authorisation.signed" errorAlso="authorisation" hint={<Evidence doc="authorisation" />} />
      <YesNo name="pledge.signed" errorAlso="pledge" hint={<Evidence doc="pledge" />} />
      <YesNo name="closeRelativeOfStaff" />
      {closeRelative === true && <TextInput name="closeRelativeNote" />}

      {(applicationType === 'temporary-emergency' || applicationType === 'temporary-spending' || !!getValues('emergency')) && (
        <fieldset className="group">
          <legend>{t('fields.emergency._')}</legend>
          <div className="field-grid">
            <SelectInput name="emergency.kind" errorAlso="emergency" options={emergencyKinds} />
            <DateInput name="emergency.date" />
          </div>
          <TextArea name="emergency.note" />
        </fieldset>
      )}
    </div>
  );
}
