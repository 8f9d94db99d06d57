import type { DisasterEvent } from '../../shared/schema/disaster-event';
import { EntitlementForm } from './EntitlementForm';
import type { EntitlementFormValues } from './entitlement-form';
import { EventForm } from './EventForm';
import type { EventFormValues } from './event-form';
import { PolicyForm } from './PolicyForm';
import type { PolicyFormValues } from './policy-form';
import type { ReferenceKind } from './reference-api';
import { SiteForm } from './SiteForm';
import type { SiteFormValues } from './site-form';
import { useReferenceAdminText } from './useReferenceAdminText';

/** The form open on the page: which kind, whether it creates (POST) or updates (PUT), its first values. */
export type Editing =
  | { kind: 'event'; mode: 'create' | 'update'; values: EventFormValues }
  | { kind: 'site'; mode: 'create' | 'update'; values: SiteFormValues }
  | { kind: 'entitlement'; mode: 'create' | 'update'; values: EntitlementFormValues }
  | { kind: 'policy'; mode: 'create' | 'update'; values: PolicyFormValues; newVersion?: boolean };

/** The right form for what is being edited. `onSave` sends the parsed record and rejects with the server's code. */
export function ReferenceEditor({
  editing,
  events,
  onSave,
  onCancel,
}: {
  editing: Editing;
  events: DisasterEvent[];
  onSave: (kind: ReferenceKind, record: { id: string }) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useReferenceAdminText();
  const title = editing.mode === 'create' ? t(`add.${editing.kind}`) : t(`editTitle.${editing.kind}`);
  const save = (record: { id: string }) => onSave(editing.kind, record);
  const common = { onSave: save, onCancel };
  switch (editing.kind) {
    case 'event':
      return <EventForm title={title} initial={editing.values} {...common} />;
    case 'site':
      return <SiteForm title={title} initial={editing.values} events={events} {...common} />;
    case 'entitlement':
      return <EntitlementForm title={title} initial={editing.values} events={events} {...common} />;
    case 'policy': {
      const note = editing.newVersion ? t('policy.newVersionNote') : editing.mode === 'create' ? t('policy.exampleNote') : '';
      return <PolicyForm title={editing.newVersion ? t('newVersionTitle') : title} note={note} initial={editing.values} {...common} />;
    }
  }
}
