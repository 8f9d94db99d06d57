import { useFormContext, useWatch } from 'react-hook-form';
import { IdNumberInput, type ValidIdNumber } from '../../app/IdNumberInput';
import { ageOn } from '../../shared/rules/id-number';
import { useFieldError } from './form-controls';
import { useSurveyForm } from './survey-context';
import type { SurveyFormValues } from './survey-form-values';
import { useSurveyText } from './useSurveyText';

/**
 * A member's or supporter's ID number (the shared control, app/IdNumberInput). For a member (`derive`),
 * a valid number fills in sex and birth date when they are still empty, and a typed sex or birth date
 * that disagrees with the number is pointed out at once (completing refuses it: id.sexMismatch /
 * id.birthDateMismatch); for a supporter it fills in the age.
 */
export function PersonIdNumber({ prefix, derive }: { prefix: string; derive: 'member' | 'supporter' }) {
  const text = useSurveyText();
  const { t } = text;
  const { today } = useSurveyForm();
  const name = `${prefix}.idNumber`;
  const { control, setValue, getValues } = useFormContext<SurveyFormValues>();
  const sex = useWatch({ control, name: `${prefix}.sex` }) as string | undefined;
  const birthDate = useWatch({ control, name: `${prefix}.birthDate` }) as string | undefined;
  const schemaError = useFieldError(name);

  const fillIn = (r: ValidIdNumber) => {
    if (derive === 'member') {
      if (!getValues(`${prefix}.sex`)) setValue(`${prefix}.sex`, r.sex, { shouldDirty: true });
      if (!getValues(`${prefix}.birthDate`)) setValue(`${prefix}.birthDate`, r.birthDate, { shouldDirty: true });
    } else if (getValues(`${prefix}.age`) === undefined || getValues(`${prefix}.age`) === '') {
      setValue(`${prefix}.age`, ageOn(r.birthDate, today), { shouldDirty: true });
    }
  };

  const describe = (r: ValidIdNumber) => {
    const age = ageOn(r.birthDate, today);
    const lines: { text: string; warn?: boolean }[] = [
      {
        text:
          derive === 'member'
            ? t('members.derived', { sex: t(`options.sex.${r.sex}`), birthDate: r.birthDate, age })
            : t('supporters.derivedAge', { age }),
      },
    ];
    if (derive === 'member' && sex && sex !== r.sex) lines.push({ text: text.message('id.sexMismatch'), warn: true });
    if (derive === 'member' && birthDate && birthDate !== r.birthDate) lines.push({ text: text.message('id.birthDateMismatch'), warn: true });
    return lines.map((l) => (
      <p key={l.text} className={l.warn ? 'warning' : 'derived'} role={l.warn ? 'alert' : undefined}>
        {l.text}
      </p>
    ));
  };

  return (
    <IdNumberInput
      name={name}
      oldFormatName={`${prefix}.idOldFormat`}
      label={text.label(name)}
      oldFormatLabel={text.label(`${prefix}.idOldFormat`)}
      today={today}
      schemaError={schemaError}
      emptyAsUndefined
      describe={describe}
      onValid={fillIn}
    />
  );
}
