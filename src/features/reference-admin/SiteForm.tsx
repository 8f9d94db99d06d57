import type { DisasterEvent } from '../../shared/schema/disaster-event';
import { SITE_TYPES, type ShelterSite } from '../../shared/schema/shelter-site';
import { AreaSelectInput } from './area-controls';
import { CheckboxInput, NumberInput, SelectInput, TextInput } from './form-controls';
import { ReferenceForm } from './ReferenceForm';
import { siteResolver, type SiteFormValues } from './site-form';
import { useReferenceAdminText } from './useReferenceAdminText';

/** 集中安置点: what the county knows of the site. Occupancy is never typed (it comes from check-ins). */
export function SiteForm({
  title,
  initial,
  events,
  onSave,
  onCancel,
}: {
  title: string;
  initial: SiteFormValues;
  events: DisasterEvent[];
  onSave: (s: ShelterSite) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useReferenceAdminText();
  const l = (k: string) => t(`site.${k}`);
  const labels: Record<string, string> = Object.fromEntries(
    ['name', 'type', 'township', 'capacity', 'floorArea', 'waterPoints', 'toilets', 'medicalPoint', 'manager', 'managerPhone', 'openedOn', 'closedOn'].map((k) => [k, l(k)]),
  );
  Object.assign(labels, { eventId: l('event'), 'gps.lat': l('lat'), 'gps.lng': l('lng') });
  return (
    <ReferenceForm title={title} defaultValues={initial} resolver={siteResolver} onSave={onSave} onCancel={onCancel} labels={labels}>
      <TextInput name="name" label={labels.name!} />
      <SelectInput name="type" label={labels.type!} options={SITE_TYPES.map((s) => ({ value: s, label: t(`site.types.${s}`) }))} />
      <AreaSelectInput name="township" label={labels.township!} />
      <SelectInput name="eventId" label={labels.eventId!} options={[{ value: '', label: l('anyEvent') }, ...events.map((e) => ({ value: e.id, label: e.name }))]} />
      <NumberInput name="capacity" label={labels.capacity!} step={1} />
      <NumberInput name="floorArea" label={labels.floorArea!} />
      <NumberInput name="waterPoints" label={labels.waterPoints!} step={1} />
      <NumberInput name="toilets" label={labels.toilets!} step={1} />
      <CheckboxInput name="medicalPoint" label={labels.medicalPoint!} />
      <NumberInput name="gps.lat" label={labels['gps.lat']!} />
      <NumberInput name="gps.lng" label={labels['gps.lng']!} />
      <TextInput name="manager" label={labels.manager!} />
      <TextInput name="managerPhone" type="tel" label={labels.managerPhone!} />
      <TextInput name="openedOn" type="date" label={labels.openedOn!} />
      <TextInput name="closedOn" type="date" label={labels.closedOn!} />
    </ReferenceForm>
  );
}
