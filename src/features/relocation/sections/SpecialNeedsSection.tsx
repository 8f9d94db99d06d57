import { useFormContext, useWatch } from 'react-hook-form';
import { Field } from '../../../app/Field';
import { useRelocationText } from '../../../i18n/relocation.texts';
import { specialNeedsOfMembers, type HouseholdFormValues } from '../household-form';
import { optionalNumber, useFieldAria } from '../useFieldAria';

const KEYS = ['aged60plus', 'under5', 'pregnantOrBreastfeeding', 'disability', 'regularMedicine', 'unaccompaniedChild', 'needsCare'] as const;
const CASUALTIES = ['dead', 'missing', 'injured'] as const;

/**
 * Special-needs counts and casualties. With members registered one by one the counts follow from them
 * (shown, not typed: one source of truth); otherwise they are typed. Casualty counts are always typed:
 * the county report takes the larger of them and the members marked (county-report.ts).
 */
export function SpecialNeedsSection({ prefix }: { prefix: string }) {
  const { t } = useRelocationText();
  const { register, control } = useFormContext<HouseholdFormValues>();
  const { err, aria } = useFieldAria(prefix);
  const mode = useWatch({ control, name: 'memberMode' }) ?? 'list';
  const members = useWatch({ control, name: 'members' }) ?? [];
  const derived = mode === 'list' && members.length > 0 ? specialNeedsOfMembers(members as never) : null;

  return (
    <>
      <fieldset className="count-group">
        <legend>{t('specialNeeds.title')}</legend>
        {derived ? (
          <>
            <p className="field-hint">{t('specialNeeds.derived')}</p>
            <dl className="derived-counts">
              {KEYS.map((k) => (
                <div key={k}>
                  <dt>{t(`specialNeeds.${k}`)}</dt>
                  <dd>{derived[k]}</dd>
                </div>
              ))}
            </dl>
          </>
        ) : (
          <div className="field-grid">
            {KEYS.map((k) => (
              <Field key={k} id={aria(`specialNeeds.${k}`).id} label={t(`specialNeeds.${k}`)} error={err(`specialNeeds.${k}`)}>
                <input {...aria(`specialNeeds.${k}`)} type="number" inputMode="numeric" min={0} {...register(`specialNeeds.${k}`, { setValueAs: optionalNumber })} />
              </Field>
            ))}
          </div>
        )}
      </fieldset>
      <fieldset className="count-group">
        <legend>{t('specialNeeds.casualtiesTitle')}</legend>
        <div className="field-grid">
          {CASUALTIES.map((k) => (
            <Field key={k} id={aria(`casualties.${k}`).id} label={t(`specialNeeds.${k}`)} error={err(`casualties.${k}`)}>
              <input {...aria(`casualties.${k}`)} type="number" inputMode="numeric" min={0} {...register(`casualties.${k}`, { setValueAs: optionalNumber })} />
            </Field>
          ))}
        </div>
      </fieldset>
    </>
  );
}
