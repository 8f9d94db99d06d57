import { useState } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import {
  DISABILITY_CATEGORIES,
  HEALTH_STATES,
  NOT_COUNTED_REASONS,
  PARENT_SITUATIONS,
  RELATIONS,
  SELF_CARE_ITEMS,
} from '../../../shared/rules/eligibility/household-schema';
import { ageOn } from '../../../shared/rules/id-number';
import { EMPLOYMENTS, LABOUR_CAPACITIES, SCHOOL_LEVELS, SEXES } from '../../../shared/schema/survey-fields';
import { CheckboxLike } from '../CheckboxLike';
import { RadioGroup, SelectInput, TextInput, useOptions, YesNo, DateInput } from '../form-controls';
import { PersonIdNumber } from '../PersonIdNumber';
import { useSurveyForm } from '../survey-context';
import type { SurveyFormValues } from '../survey-form-values';
import { useSurveyText } from '../useSurveyText';

/** One member's row of the repeat group, opened for editing (household-survey.md "Members"). */
export function MemberEditor({ index, title }: { index: number; title: string }) {
  const { t } = useSurveyText();
  const { today } = useSurveyForm();
  const p = `members.${index}`;
  const { control, setValue } = useFormContext<SurveyFormValues>();
  const counted = useWatch({ control, name: `${p}.counted` });
  const category = useWatch({ control, name: `${p}.disability.category` });
  const employment = useWatch({ control, name: `${p}.employment` });
  const birthDate = useWatch({ control, name: `${p}.birthDate` }) as string | undefined;
  const selfCare = useWatch({ control, name: `${p}.selfCare` }) as Record<string, unknown> | undefined;
  const [recordSelfCare, setRecordSelfCare] = useState(() => !!selfCare && Object.values(selfCare).some((v) => v !== undefined));
  const age = birthDate && /^\d{4}-\d{2}-\d{2}$/.test(birthDate) && birthDate <= today ? ageOn(birthDate, today) : null;

  const sexes = useOptions('sex', SEXES);
  const relations = useOptions('relation', RELATIONS);
  const notCounted = useOptions('notCountedReason', NOT_COUNTED_REASONS);
  const health = useOptions('health', HEALTH_STATES);
  const categories = useOptions('disabilityCategory', DISABILITY_CATEGORIES);
  const grades = useOptions('grade', [1, 2, 3, 4]);
  const capacities = useOptions('labourCapacity', LABOUR_CAPACITIES);
  const employments = useOptions('employment', EMPLOYMENTS);
  const levels = useOptions('schoolLevel', SCHOOL_LEVELS);
  const parents = useOptions('parent', PARENT_SITUATIONS);

  return (
    <fieldset className="group member-editor">
      <legend>{t('members.editing', { name: title })}</legend>
      <div className="field-grid">
        <TextInput name={`${p}.name`} />
        <PersonIdNumber prefix={p} derive="member" />
        <RadioGroup name={`${p}.sex`} options={sexes} />
        <DateInput name={`${p}.birthDate`} />
        <SelectInput name={`${p}.relation`} options={relations} />
        <SelectInput name={`${p}.health`} options={health} />
      </div>
      <YesNo
        name={`${p}.counted`}
        onChange={(v) => {
          if (v) setValue(`${p}.notCountedReason`, undefined, { shouldDirty: true });
        }}
      />
      {counted === false && <SelectInput name={`${p}.notCountedReason`} options={notCounted} />}

      <div className="field-grid">
        <SelectInput name={`${p}.disability.category`} errorAlso={`${p}.disability`} options={categories} />
        {category && (
          <>
            <SelectInput name={`${p}.disability.grade`} numeric options={grades} />
            <TextInput name={`${p}.disability.certificate`} />
          </>
        )}
        <SelectInput name={`${p}.labourCapacity`} options={capacities} />
        <SelectInput name={`${p}.employment`} options={employments} />
        {(employment === 'student' || employment === 'pre-school') && (
          <>
            <SelectInput name={`${p}.school.level`} errorAlso={`${p}.school`} options={levels} />
            <TextInput name={`${p}.school.name`} />
          </>
        )}
      </div>

      <CheckboxLike
        label={t('members.recordSelfCare')}
        checked={recordSelfCare}
        onChange={(on) => {
          setRecordSelfCare(on);
          if (!on) setValue(`${p}.selfCare`, undefined, { shouldDirty: true });
        }}
      />
      {recordSelfCare && (
        <fieldset className="group">
          <legend>{t('fields.members.selfCare._')}</legend>
          <div className="field-grid">
            {SELF_CARE_ITEMS.map((item) => (
              <YesNo key={item} name={`${p}.selfCare.${item}`} />
            ))}
          </div>
        </fieldset>
      )}

      {age !== null && age < 18 && (
        <fieldset className="group">
          <legend>{t('fields.members.parents._')}</legend>
          <p className="hint">{t('members.childParents')}</p>
          <div className="field-grid">
            <SelectInput name={`${p}.parents.father`} errorAlso={`${p}.parents`} options={parents} />
            <SelectInput name={`${p}.parents.mother`} options={parents} />
          </div>
        </fieldset>
      )}
    </fieldset>
  );
}
