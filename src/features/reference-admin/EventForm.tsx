import { HAZARD_TYPES, type DisasterEvent } from '../../shared/schema/disaster-event';
import { AreaChecklistInput } from './area-controls';
import { eventResolver, type EventFormValues } from './event-form';
import { SelectInput, TextArea, TextInput } from './form-controls';
import { ReferenceForm } from './ReferenceForm';
import { useReferenceAdminText } from './useReferenceAdminText';

/** 灾害事件: name, hazard, start date, affected townships (picked from the registry) and villages, status. */
export function EventForm({ title, initial, onSave, onCancel }: { title: string; initial: EventFormValues; onSave: (e: DisasterEvent) => Promise<void>; onCancel: () => void }) {
  const { t } = useReferenceAdminText();
  const labels = {
    name: t('event.name'),
    hazard: t('event.hazard'),
    subType: t('event.subType'),
    startDate: t('event.startDate'),
    townships: t('event.townships'),
    villages: t('event.villages'),
    status: t('event.status'),
  };
  return (
    <ReferenceForm title={title} defaultValues={initial} resolver={eventResolver} onSave={onSave} onCancel={onCancel} labels={labels}>
      <TextInput name="name" label={labels.name} placeholder={t('event.namePlaceholder')} />
      <SelectInput name="hazard" label={labels.hazard} options={HAZARD_TYPES.map((h) => ({ value: h, label: t(`event.hazards.${h}`) }))} />
      <TextInput name="subType" label={labels.subType} />
      <TextInput name="startDate" type="date" label={labels.startDate} />
      <AreaChecklistInput name="townships" label={labels.townships} hint={t('event.townshipsPickHint')} />
      <TextArea name="villages" label={labels.villages} hint={t('event.townshipsHint')} />
      <SelectInput name="status" label={labels.status} options={(['active', 'closed'] as const).map((s) => ({ value: s, label: t(`event.statuses.${s}`) }))} />
    </ReferenceForm>
  );
}
