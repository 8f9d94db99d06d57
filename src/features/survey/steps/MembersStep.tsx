import { useEffect, useState } from 'react';
import { get, useFieldArray, useFormContext, useFormState, useWatch } from 'react-hook-form';
import { maskIdNumber } from '../../../shared/rules/id-number';
import { useFieldError } from '../form-controls';
import { useSurveyForm } from '../survey-context';
import type { SurveyFormValues } from '../survey-form-values';
import { useSurveyText } from '../useSurveyText';
import { MemberEditor } from './MemberEditor';

interface MemberValues {
  id: string;
  name?: string;
  idNumber?: string;
  relation?: string;
  counted?: boolean;
}

/**
 * Step 3: the members as a repeat group. Each row can be opened for editing, moved up or down (the
 * order is the household's order on every paper form), or removed after a confirmation. Rows keep a
 * stable id of their own, made on the tablet, which incomes, the applicant and the engine refer to.
 */
export function MembersStep() {
  const { t } = useSurveyText();
  const { newId, focusRequest } = useSurveyForm();
  const { control, setValue, getValues } = useFormContext<SurveyFormValues>();
  const members = useFieldArray({ control, name: 'members', keyName: 'key' });
  const values = (useWatch({ control, name: 'members' }) ?? []) as MemberValues[];
  const { errors } = useFormState({ control, name: 'members' });
  const listError = useFieldError('members');
  const [editing, setEditing] = useState<string | null>(() => (values.length === 1 && !values[0]?.name ? values[0]!.id : null));
  const [removing, setRemoving] = useState<string | null>(null);

  // 前往 a member's field from the review step: open that member's row (the form then focuses the field).
  const requested = /^members\.(\d+)(\.|$)/.exec(focusRequest ?? '');
  const requestedId = requested ? values[Number(requested[1])]?.id : undefined;
  useEffect(() => {
    if (requestedId) setEditing(requestedId);
  }, [requestedId, focusRequest]);

  // The applicant is the member whose relationship is "self": chosen for the worker when there is exactly one.
  const selfIds = values.filter((m) => m.relation === 'self').map((m) => m.id);
  useEffect(() => {
    if (selfIds.length === 1 && !getValues('applicantMemberId')) setValue('applicantMemberId', selfIds[0], { shouldDirty: true });
  }, [selfIds.join(','), getValues, setValue]); // eslint-disable-line react-hooks/exhaustive-deps

  const nameOf = (m: MemberValues | undefined, i: number) => m?.name?.trim() || t('caseStep.memberN', { n: i + 1 });

  const add = () => {
    const id = newId();
    // 计入共同生活家庭成员 starts at 是 for every member (most are; the worker changes it and gives the
    // reason for those who are not): one default for all (issue 13 item 5). The first is the applicant.
    members.append({ id, incomes: [], counted: true, ...(values.length === 0 ? { relation: 'self' } : {}) });
    setEditing(id);
  };

  return (
    <div className="step-body">
      {members.fields.length === 0 && <p className="hint">{t('members.empty')}</p>}
      <ol className="member-list" aria-label={t('fields.members._')}>
        {members.fields.map((f, i) => {
          const m = values[i];
          const id = m?.id ?? '';
          const name = nameOf(m, i);
          const hasErrors = !!get(errors, `members.${i}`);
          return (
            <li key={f.key} className={`member-row${hasErrors ? ' field-invalid' : ''}`}>
              <div className="member-summary">
                <span className="member-name">{name}</span>
                {m?.relation && <span>{t(`options.relation.${m.relation}`)}</span>}
                {m?.idNumber && <span className="id-masked">{maskIdNumber(m.idNumber)}</span>}
                {m?.counted === false && <span className="muted">{t('members.notCounted')}</span>}
              </div>
              <div className="row-actions">
                <button
                  type="button"
                  aria-expanded={editing === id}
                  onClick={() => setEditing(editing === id ? null : id)}
                  aria-label={editing === id ? t('members.doneWith', { name }) : t('members.edit', { name })}
                >
                  {editing === id ? t('members.done') : t('members.editButton')}
                </button>
                <button type="button" disabled={i === 0} onClick={() => members.swap(i, i - 1)} aria-label={t('members.moveUp', { name })}>
                  ↑
                </button>
                <button type="button" disabled={i === members.fields.length - 1} onClick={() => members.swap(i, i + 1)} aria-label={t('members.moveDown', { name })}>
                  ↓
                </button>
                <button type="button" onClick={() => setRemoving(id)} aria-label={t('members.remove', { name })}>
                  {t('remove')}
                </button>
              </div>
              {removing === id && (
                <div className="confirm" role="alertdialog" aria-label={t('members.confirmRemove', { name })}>
                  <p>{t('members.confirmRemove', { name })}</p>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      members.remove(i);
                      setRemoving(null);
                      if (editing === id) setEditing(null);
                      if (getValues('applicantMemberId') === id) setValue('applicantMemberId', undefined, { shouldDirty: true });
                    }}
                  >
                    {t('remove')}
                  </button>
                  <button type="button" onClick={() => setRemoving(null)}>
                    {t('members.cancel')}
                  </button>
                </div>
              )}
              {editing === id && (
                <>
                  <MemberEditor index={i} title={name} />
                  <button type="button" className="primary" onClick={() => setEditing(null)}>
                    {t('members.done')}
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ol>
      {listError && <p className="field-error">{listError}</p>}
      <button type="button" className="primary" onClick={add}>
        {t('members.add')}
      </button>
    </div>
  );
}
