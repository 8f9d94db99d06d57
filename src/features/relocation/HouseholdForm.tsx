import { useId, useState } from 'react';
import { Controller, FormProvider, get, useForm, useWatch, type DefaultValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { isoToLocalInput, localInputToIso } from '../../app/china-time';
import { describedBy, Field } from '../../app/Field';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { validationMessage } from '../../i18n/validation-message';
import {
  DAMAGE_LEVELS,
  HOUSEHOLD_TYPES,
  type DisplacedHousehold,
} from '../../shared/schema/displaced-household';
import type { DisasterEvent } from '../../shared/schema/disaster-event';
import type { ShelterSite } from '../../shared/schema/shelter-site';
import { householdResolver, toSavedHousehold, type HouseholdFormValues } from './household-form';
import { IdNumberField } from './IdNumberField';
import { sitesForEvent } from './useReferenceData';

const PLACEMENTS = ['centralised', 'dispersed'] as const;
const DISPERSED_KINDS = ['relatives', 'renting', 'other'] as const;
const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/**
 * The displaced-household form (new and edit), react-hook-form + the shared zod schema. A failed save
 * (storage full, ...) shows why and keeps everything typed.
 */
export function HouseholdForm({
  title,
  defaultValues,
  events,
  sites,
  today,
  onSave,
  onCancel,
}: {
  title: string;
  defaultValues: DefaultValues<HouseholdFormValues>;
  events: DisasterEvent[];
  sites: ShelterSite[];
  today: string;
  onSave: (household: DisplacedHousehold) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const form = useForm<HouseholdFormValues, unknown, DisplacedHousehold>({
    resolver: householdResolver,
    defaultValues,
    mode: 'onTouched',
  });
  const { register, control, handleSubmit, formState } = form;
  const [saveError, setSaveError] = useState<{ code: string; details?: unknown } | null>(null);
  const [triedInvalid, setTriedInvalid] = useState(false);
  const placement = useWatch({ control, name: 'placement' });
  const eventId = useWatch({ control, name: 'eventId' });

  const err = (name: string): string | null => {
    const e = get(formState.errors, name) as { message?: string; type?: string } | undefined;
    return e ? validationMessage(t, e.message, e.type) : null;
  };
  const fid = (name: string) => `${id}-${name.replace(/\./g, '-')}`;
  const aria = (name: string) => {
    const e = err(name);
    return { id: fid(name), 'aria-invalid': e ? true : undefined, 'aria-describedby': describedBy(fid(name), e) };
  };

  const eventOptions = events.filter((e) => e.status === 'active' || e.id === defaultValues.eventId);
  const siteOptions = sitesForEvent(sites, eventId, today, defaultValues.shelterSiteId);

  const submit = handleSubmit(
    async (values) => {
      setSaveError(null);
      setTriedInvalid(false);
      try {
        await onSave(toSavedHousehold(values));
      } catch (e) {
        setSaveError(errorCodeOf(e)); // the form keeps its values: nothing is reset on failure
      }
    },
    () => setTriedInvalid(true),
  );

  return (
    <FormProvider {...form}>
      <form className="household-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{title}</h2>
        {saveError && (
          <p className="error" role="alert">
            {errorMessage(t, saveError.code, saveError.details)}
          </p>
        )}
        {triedInvalid && Object.keys(formState.errors).length > 0 && (
          <p className="error" role="alert">
            {t('household.fixErrors')}
          </p>
        )}

        <IdNumberField today={today} currentId={String(defaultValues.id ?? '')} />

        <Field id={fid('head.name')} label={t('household.headName')} error={err('head.name')}>
          <input {...aria('head.name')} {...register('head.name')} autoComplete="off" />
        </Field>

        <Field id={fid('head.phone')} label={t('household.phone')} error={err('head.phone')}>
          <input {...aria('head.phone')} {...register('head.phone')} type="tel" inputMode="tel" autoComplete="off" />
        </Field>

        <Field id={fid('membersCount')} label={t('household.membersCount')} error={err('membersCount')}>
          <input
            {...aria('membersCount')}
            {...register('membersCount', { valueAsNumber: true })}
            type="number"
            inputMode="numeric"
            min={1}
            max={50}
          />
        </Field>

        <div className="field-row">
          <Field id={fid('origin.village')} label={t('household.village')} error={err('origin.village')}>
            <input {...aria('origin.village')} {...register('origin.village')} autoComplete="off" />
          </Field>
          <Field id={fid('origin.group')} label={t('household.group')} error={err('origin.group')}>
            <input {...aria('origin.group')} {...register('origin.group')} autoComplete="off" />
          </Field>
        </div>

        <fieldset className={`choices${err('damage.level') ? ' field-invalid' : ''}`} aria-describedby={err('damage.level') ? `${fid('damage.level')}-error` : undefined}>
          <legend>{t('household.damage')}</legend>
          {DAMAGE_LEVELS.map((level) => (
            <label key={level} className="choice">
              <input type="radio" value={level} {...register('damage.level')} />
              {t(`household.damageLevel.${level}`)}
            </label>
          ))}
          {err('damage.level') && (
            <p id={`${fid('damage.level')}-error`} className="field-error">
              {err('damage.level')}
            </p>
          )}
        </fieldset>

        <Field id={fid('damage.rooms')} label={t('household.rooms')} error={err('damage.rooms')}>
          <input
            {...aria('damage.rooms')}
            {...register('damage.rooms', { valueAsNumber: true })}
            type="number"
            inputMode="numeric"
            min={0}
          />
        </Field>

        <fieldset className={`choices${err('placement') ? ' field-invalid' : ''}`} aria-describedby={err('placement') ? `${fid('placement')}-error` : undefined}>
          <legend>{t('household.placement')}</legend>
          {PLACEMENTS.map((p) => (
            <label key={p} className="choice">
              <input type="radio" value={p} {...register('placement')} />
              {t(`household.placementKind.${p}`)}
            </label>
          ))}
          {err('placement') && (
            <p id={`${fid('placement')}-error`} className="field-error">
              {err('placement')}
            </p>
          )}
        </fieldset>

        {placement === 'dispersed' ? (
          <Field id={fid('dispersedKind')} label={t('household.dispersedKind')} error={err('dispersedKind')}>
            <select {...aria('dispersedKind')} {...register('dispersedKind', { setValueAs: emptyToUndefined })}>
              <option value="">—</option>
              {DISPERSED_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`household.dispersedKinds.${k}`)}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <Field
            id={fid('shelterSiteId')}
            label={t('household.shelterSite')}
            error={err('shelterSiteId')}
            hint={siteOptions.length === 0 ? t('household.noSites') : null}
          >
            <select {...aria('shelterSiteId')} {...register('shelterSiteId', { setValueAs: emptyToUndefined })}>
              <option value="">{t('household.chooseSite')}</option>
              {siteOptions.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </Field>
        )}

        <Field id={fid('checkInAt')} label={t('household.checkInAt')} error={err('checkInAt')}>
          <Controller
            control={control}
            name="checkInAt"
            render={({ field }) => (
              <input
                {...aria('checkInAt')}
                ref={field.ref}
                name={field.name}
                type="datetime-local"
                value={isoToLocalInput(field.value ?? '')}
                onChange={(e) => field.onChange(localInputToIso(e.target.value))}
                onBlur={field.onBlur}
              />
            )}
          />
        </Field>

        <Field
          id={fid('eventId')}
          label={t('household.event')}
          error={err('eventId')}
          hint={eventOptions.length === 0 ? t('household.noEvents') : null}
        >
          <select {...aria('eventId')} {...register('eventId', { setValueAs: emptyToUndefined })}>
            <option value="">{t('household.chooseEvent')}</option>
            {eventOptions.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
                {e.status === 'closed' ? t('household.eventClosed') : ''}
              </option>
            ))}
          </select>
        </Field>

        <Field id={fid('householdType')} label={t('household.householdType')} error={err('householdType')}>
          <select {...aria('householdType')} {...register('householdType')}>
            {HOUSEHOLD_TYPES.map((h) => (
              <option key={h} value={h}>
                {t(`household.householdTypes.${h}`)}
              </option>
            ))}
          </select>
        </Field>

        <div className="form-actions">
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? t('household.saving') : t('household.save')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('household.cancel')}
          </button>
        </div>
      </form>
    </FormProvider>
  );
}
