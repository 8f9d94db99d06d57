import { useAreasText } from '../../i18n/areas.texts';
import type { Role } from '../../shared/protocol/messages';
import type { AreaDirectory } from '../areas/area-directory';
import { AreaPicker } from '../areas/AreaPicker';

/** The area of an account as the forms hold it: codes, '' when none is picked. */
export interface AreaDraft {
  township: string;
  county: string;
}

/** What is sent for the role: a worker its township (the server derives the county), a supervisor its area, an administrator none. */
export function areaForRole(role: Role, draft: AreaDraft): { township: string | null; county: string | null } {
  if (role === 'worker') return { township: draft.township || null, county: null };
  if (role === 'supervisor') return { township: null, county: draft.county || null };
  return { township: null, county: null };
}

/** The missing area for the role, as a message key of the admin namespace, or null. */
export function missingArea(role: Role, draft: AreaDraft): 'users.townshipNeeded' | 'users.countyNeeded' | null {
  if (role === 'worker' && !draft.township) return 'users.townshipNeeded';
  if (role === 'supervisor' && !draft.county) return 'users.countyNeeded';
  return null;
}

/** The labels the server's refusals are shown under (ActionError: issue path → label). */
export function useAreaLabels(): { township: string; county: string } {
  const { t } = useAreasText();
  return { township: t('account.township'), county: t('account.area') };
}

/**
 * The area fields of 新建账户 and 编辑账户 (issue 10: every area is picked from the registry, never
 * typed): a worker's township, a supervisor's county — or city or province (SPEC A9) — and for an
 * administrator a note that it has none. Names with their codes; retired areas are not offered.
 */
export function AccountAreaFields({
  idPrefix, role, value, onChange, directory,
}: {
  idPrefix: string;
  role: Role;
  value: AreaDraft;
  onChange: (v: AreaDraft) => void;
  directory: AreaDirectory | null;
}) {
  const { t } = useAreasText();
  if (role === 'admin') return <p className="hint">{t('account.adminNone')}</p>;
  const worker = role === 'worker';
  const id = `${idPrefix}-${worker ? 'township' : 'area'}`;
  return (
    <div className="field">
      <label htmlFor={id}>{worker ? t('account.township') : t('account.area')}</label>
      <AreaPicker
        id={id}
        directory={directory}
        levels={worker ? ['township'] : ['county', 'city', 'province']}
        value={worker ? value.township : value.county}
        onChange={(code) => onChange(worker ? { ...value, township: code } : { ...value, county: code })}
        emptyLabel={t('picker.none')}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="hint">
        {worker ? t('account.townshipHint') : t('account.areaHint')}
      </p>
    </div>
  );
}
