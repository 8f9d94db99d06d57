import { useFormContext, useWatch } from 'react-hook-form';
import { Field } from '../../../app/Field';
import { useRelocationText } from '../../../i18n/relocation.texts';
import { specialNeedsOfHousehold } from '../../../shared/rules/relocation/special-needs';
import { plainIdKey } from '../../../shared/rules/relocation/person-key';
import type { HouseholdFormValues } from '../household-form';
import { optionalNumber, useFieldAria } from '../useFieldAria';

const KEYS = ['aged60plus', 'under5', 'pregnantOrBreastfeeding', 'disability', 'regularMedicine', 'unaccompaniedChild', 'needsCare'] as const;
const CASUALTIES = ['dead', 'missing', 'injured'] as const;
/** The counts an age band gives (counted mode derives them; the others stay typed). */
const AGE_KEYS = ['aged60plus', 'under5'] as const;

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
  const head = useWatch({ control, name: 'head' });
  const checkInAt = useWatch({ control, name: 'checkInAt' });
  const memberCounts = useWatch({ control, name: 'memberCounts' });
  // The head counts too (special-needs.ts): listed, or aged from the ID number when left out.
  const source = { head: { name: head?.name ?? '', idNumber: head?.idNumber ?? '' }, checkInAt: checkInAt ?? '' };
  const derived = mode === 'list' && members.length > 0 ? specialNeedsOfHousehold({ ...source, members: members as never }) : null;
  const headKey = plainIdKey(source.head.idNumber);
  const headLeftOut = derived !== null && !members.some((m) => m?.idNumber && plainIdKey(m.idNumber) === headKey);
  const fromBands = mode === 'counts' ? specialNeedsOfHousehold({ ...source, memberCounts: memberCounts as never }) : null;

  return (
    <>
      <fieldset className="count-group">
        <legend>{t('specialNeeds.title')}</legend>
        {derived ? (
          <>
            <p className="field-hint">{t('specialNeeds.derived')}</p>
            {headLeftOut && <p className="field-hint">{t('headCounts.headAdded')}</p>}
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
          <>
          {fromBands && (
            <>
              <p className="field-hint">{t('headCounts.fromBands')}</p>
              <dl className="derived-counts">
                {AGE_KEYS.map((k) => (
                  <div key={k}>
                    <dt>{t(`specialNeeds.${k}`)}</dt>
                    <dd>{fromBands[k]}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
          <div className="field-grid">
            {KEYS.filter((k) => !(fromBands && (AGE_KEYS as readonly string[]).includes(k))).map((k) => (
              <Field key={k} id={aria(`specialNeeds.${k}`).id} label={t(`specialNeeds.${k}`)} error={err(`specialNeeds.${k}`)}>
                <input {...aria(`specialNeeds.${k}`)} type="number" inputMode="numeric" min={0} {...register(`specialNeeds.${k}`, { setValueAs: optionalNumber })} />
              </Field>
            ))}
          </div>
          </>
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
