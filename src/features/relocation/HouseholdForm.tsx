import { useId, useMemo, useState, type ReactNode } from 'react';
import { Controller, FormProvider, useForm, useFormContext, useWatch, type DefaultValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { isoToLocalInput, localInputToIso } from '../../shared/rules/china-time';
import { Field } from '../../app/Field';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { useRelocationText } from '../../i18n/relocation.texts';
import { DAMAGE_LEVELS, HOUSEHOLD_TYPES, type DisplacedHousehold } from '../../shared/schema/displaced-household';
import type { DisasterEvent } from '../../shared/schema/disaster-event';
import type { ShelterSite } from '../../shared/schema/shelter-site';
import { householdResolverOn, toSavedHousehold, type HouseholdFormValues } from './household-form';
import { HeadIdNumber } from './HeadIdNumber';
import { FormSection } from './sections/FormSection';
import { MembersSection } from './sections/MembersSection';
import { NeedsSection } from './sections/NeedsSection';
import { OriginSection } from './sections/OriginSection';
import { SpecialNeedsSection } from './sections/SpecialNeedsSection';
import { emptyToUndefined, useFieldAria } from './useFieldAria';
import { sitesForEvent } from './useReferenceData';
import './relocation.css';

const PLACEMENTS = ['centralised', 'dispersed'] as const;
const EVACUATION_KINDS = ['relocation', 'evacuation'] as const;
const DISPERSED_KINDS = ['relatives', 'renting', 'other'] as const;

/**
 * The displaced-household form (new and edit), react-hook-form + the shared zod schema. The first
 * screen holds what a shelter desk needs (ID number first); members, special needs, the four needs and
 * the rest are collapsible sections. A failed save (storage full, ...) shows why and keeps everything typed.
 */
export function HouseholdForm({
  title,
  defaultValues,
  events,
  sites,
  today,
  newId,
  siteRemembered = false,
  onSave,
  onCancel,
  footer,
}: {
  title: string;
  defaultValues: DefaultValues<HouseholdFormValues>;
  events: DisasterEvent[];
  sites: ShelterSite[];
  today: string;
  /** Ids for new members (device-made, STYLE habit 5). */
  newId: () => string;
  /** The shelter was chosen from the worker's last registration (said next to it). */
  siteRemembered?: boolean;
  onSave: (household: DisplacedHousehold) => Promise<void>;
  onCancel: () => void;
  /** Below the form: transfer and check-out of a saved household. */
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  const { t: tr } = useRelocationText();
  const id = useId();
  const resolver = useMemo(() => householdResolverOn(today), [today]);
  const form = useForm<HouseholdFormValues, unknown, DisplacedHousehold>({
    resolver,
    defaultValues,
    // Validate when the worker saves, then on each change (a corrected field clears at once): never
    // while a new row is still being filled in (issue 13 item 6).
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const { control, handleSubmit, formState } = form;
  const [saveError, setSaveError] = useState<{ code: string; details?: unknown } | null>(null);
  const [triedInvalid, setTriedInvalid] = useState(false);
  const placement = useWatch({ control, name: 'placement' });
  const eventId = useWatch({ control, name: 'eventId' });
  const siteId = useWatch({ control, name: 'shelterSiteId' });

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
        <Essentials prefix={id} eventOptions={eventOptions} siteOptions={siteOptions} placement={placement} siteRemembered={siteRemembered && siteId === defaultValues.shelterSiteId} today={today} currentId={String(defaultValues.id ?? '')} />

        <FormSection title={tr('form.sections.members')} fields={['members', 'memberCounts']}>
          <MembersSection prefix={id} today={today} newId={newId} />
        </FormSection>
        <FormSection title={tr('form.sections.specialNeeds')} fields={['specialNeeds', 'casualties']}>
          <SpecialNeedsSection prefix={id} />
        </FormSection>
        <FormSection title={tr('form.sections.fourNeeds')} fields={['needs', 'needsEmergencySupport', 'needsTransitionalSupport']}>
          <NeedsSection prefix={id} />
        </FormSection>
        <FormSection title={tr('form.sections.more')} fields={['damage.structure', 'origin.township', 'origin.gps', 'notes']}>
          <OriginSection prefix={id} />
        </FormSection>

        <div className="form-actions">
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? t('household.saving') : t('household.save')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('household.cancel')}
          </button>
        </div>
      </form>
      {footer}
    </FormProvider>
  );
}

/** The first screen: what the county's household form needs and a shelter desk asks in a minute. */
function Essentials({
  prefix,
  eventOptions,
  siteOptions,
  placement,
  siteRemembered,
  today,
  currentId,
}: {
  prefix: string;
  eventOptions: DisasterEvent[];
  siteOptions: ShelterSite[];
  placement: string | undefined;
  siteRemembered: boolean;
  today: string;
  currentId: string;
}) {
  const { t } = useTranslation();
  const { t: tr } = useRelocationText();
  const { register, control } = useFormContext<HouseholdFormValues>();
  const { err, fid, aria } = useFieldAria(prefix);
  const radioGroup = (name: 'damage.level' | 'placement' | 'evacuationKind', legend: string, options: readonly string[], label: (o: string) => string) => (
    <fieldset className={`choices${err(name) ? ' field-invalid' : ''}`} aria-describedby={err(name) ? `${fid(name)}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o} className="choice">
          <input type="radio" value={o} {...register(name)} />
          {label(o)}
        </label>
      ))}
      {err(name) && (
        <p id={`${fid(name)}-error`} className="field-error">
          {err(name)}
        </p>
      )}
    </fieldset>
  );

  return (
    <>
      <HeadIdNumber today={today} currentId={currentId} />

      <Field id={fid('head.name')} label={t('household.headName')} error={err('head.name')}>
        <input {...aria('head.name')} {...register('head.name')} autoComplete="off" />
      </Field>

      <Field id={fid('head.phone')} label={t('household.phone')} error={err('head.phone')}>
        <input {...aria('head.phone')} {...register('head.phone')} type="tel" inputMode="tel" autoComplete="off" />
      </Field>

      <Field id={fid('membersCount')} label={t('household.membersCount')} error={err('membersCount')}>
        <input {...aria('membersCount')} {...register('membersCount', { valueAsNumber: true })} type="number" inputMode="numeric" min={1} max={50} />
      </Field>

      <div className="field-row">
        <Field id={fid('origin.village')} label={t('household.village')} error={err('origin.village')}>
          <input {...aria('origin.village')} {...register('origin.village')} autoComplete="off" />
        </Field>
        <Field id={fid('origin.group')} label={t('household.group')} error={err('origin.group')}>
          <input {...aria('origin.group')} {...register('origin.group')} autoComplete="off" />
        </Field>
      </div>

      {radioGroup('damage.level', t('household.damage'), DAMAGE_LEVELS, (l) => t(`household.damageLevel.${l}`))}

      <Field id={fid('damage.rooms')} label={t('household.rooms')} error={err('damage.rooms')}>
        <input {...aria('damage.rooms')} {...register('damage.rooms', { valueAsNumber: true })} type="number" inputMode="numeric" min={0} />
      </Field>

      {radioGroup('evacuationKind', tr('form.evacuationKind'), EVACUATION_KINDS, (k) => tr(`form.evacuationKinds.${k}`))}
      {radioGroup('placement', t('household.placement'), PLACEMENTS, (p) => t(`household.placementKind.${p}`))}

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
          hint={siteOptions.length === 0 ? t('household.noSites') : siteRemembered ? tr('form.rememberedSite') : null}
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

      <Field id={fid('eventId')} label={t('household.event')} error={err('eventId')} hint={eventOptions.length === 0 ? t('household.noEvents') : null}>
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
    </>
  );
}
