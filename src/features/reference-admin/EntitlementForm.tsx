import type { DisasterEvent } from '../../shared/schema/disaster-event';
import type { Entitlement } from '../../shared/schema/entitlement';
import { RELIEF_ITEM_KINDS } from '../../shared/schema/relief';
import { entitlementResolver, type EntitlementFormValues } from './entitlement-form';
import { AreaSelectInput } from './area-controls';
import { CheckboxInput, NumberInput, SelectInput, TextInput } from './form-controls';
import { ReferenceForm } from './ReferenceForm';
import { useReferenceAdminText } from './useReferenceAdminText';

/** 救助标准: what one household may receive of one item in one round of an event. */
export function EntitlementForm({
  title,
  initial,
  events,
  onSave,
  onCancel,
}: {
  title: string;
  initial: EntitlementFormValues;
  events: DisasterEvent[];
  onSave: (e: Entitlement) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useReferenceAdminText();
  const l = (k: string) => t(`entitlement.${k}`);
  const labels: Record<string, string> = Object.fromEntries(
    ['round', 'itemKind', 'maxQuantity', 'unit', 'maxValue', 'oncePerRound', 'township', 'note'].map((k) => [k, l(k)]),
  );
  labels.eventId = l('event');
  const eventOptions = events.map((e) => ({ value: e.id, label: e.name }));
  return (
    <ReferenceForm title={title} defaultValues={initial} resolver={entitlementResolver} onSave={onSave} onCancel={onCancel} labels={labels}>
      <SelectInput name="eventId" label={labels.eventId} options={initial.eventId ? eventOptions : [{ value: '', label: t('none') }, ...eventOptions]} />
      <TextInput name="round" label={labels.round!} hint={l('roundHint')} />
      <SelectInput name="itemKind" label={labels.itemKind!} options={RELIEF_ITEM_KINDS.map((k) => ({ value: k, label: t(`relief:items.${k}`) }))} />
      <NumberInput name="maxQuantity" label={labels.maxQuantity!} hint={l('limitHint')} />
      <TextInput name="unit" label={labels.unit!} hint={l('unitHint')} />
      <NumberInput name="maxValue" label={labels.maxValue!} />
      <CheckboxInput name="oncePerRound" label={labels.oncePerRound!} />
      <AreaSelectInput name="township" label={labels.township!} hint={l('townshipHint')} emptyLabel={t('countyWide')} />
      <TextInput name="note" label={labels.note!} />
    </ReferenceForm>
  );
}
