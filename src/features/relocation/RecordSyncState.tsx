import { useTranslation } from 'react-i18next';
import type { HouseholdListItem } from '../../db/contracts';
import { errorMessage } from '../../i18n/error-message';
import { validationMessage } from '../../i18n/validation-message';

/** The form label of a field the server named in a rejection (rule P5), so the worker knows what to fix. */
const FIELD_LABELS: Record<string, string> = {
  'head.idNumber': 'household.idNumber',
  'head.name': 'household.headName',
  'head.phone': 'household.phone',
  membersCount: 'household.membersCount',
  'origin.village': 'household.village',
  'origin.group': 'household.group',
  'damage.level': 'household.damage',
  'damage.rooms': 'household.rooms',
  placement: 'household.placement',
  dispersedKind: 'household.dispersedKind',
  shelterSiteId: 'household.shelterSite',
  checkInAt: 'household.checkInAt',
  eventId: 'household.event',
  householdType: 'household.householdType',
};

/** 待上传 / 已同步 / 需更正 (with the server's reason) / 有冲突, for one record. */
export function RecordSyncState({ item }: { item: Pick<HouseholdListItem, 'syncState' | 'rejection'> }) {
  const { t } = useTranslation();
  if (item.syncState === 'rejected') {
    const r = item.rejection;
    const reason = !r
      ? null
      : r.issues && r.issues.length > 0
        ? r.issues
            .map((i) => {
              const label = FIELD_LABELS[i.path];
              const message = validationMessage(t, i.message);
              return label ? t('household.state.fieldIssue', { field: t(label), message }) : message;
            })
            .join('；')
        : errorMessage(t, r.code);
    return (
      <span className="record-state record-rejected">
        {reason ? t('household.state.rejectedWith', { reason }) : t('household.state.rejected')}
      </span>
    );
  }
  return <span className={`record-state record-${item.syncState}`}>{t(`household.state.${item.syncState}`)}</span>;
}
