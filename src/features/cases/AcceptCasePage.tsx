import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../app/services';
import { useSession } from '../../app/session-context';
import { useSessionQuery } from '../../app/useSessionQuery';
import { chinaDate } from '../../shared/rules/case/calendar-dates';
import { CASE_PROGRAMMES, type CaseProgramme } from '../../shared/schema/case';
import { stepErrorText } from './step-error';
import { Field } from './Field';
import { useCasesText } from './useCasesText';
import './cases.css';

/** 受理 (issue 15, K21): programme, applicant household from this tablet, acceptance date, close-relative flag. */
export function AcceptCasePage({ onSaved, onCancel }: { onSaved: (id: string) => void; onCancel: () => void }) {
  const session = useSession();
  const { now } = useServices();
  const { t } = useCasesText();
  const { t: tApp } = useTranslation();
  const applicants = useSessionQuery(session, () => session.cases.applicants(), []);
  const [programme, setProgramme] = useState<CaseProgramme>('dibao');
  const [applicant, setApplicant] = useState('');
  const [acceptedOn, setAcceptedOn] = useState(() => chinaDate(now()));
  const [closeRelative, setCloseRelative] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const chosen = applicants?.find((a) => `${a.kind}:${a.id}` === applicant);
    if (!chosen) return setError(`${t('work.invalid')} ${t('work.applicant')}`);
    setBusy(true);
    setError(null);
    try {
      const { id } = await session.cases.accept({ programme, applicant: { kind: chosen.kind, id: chosen.id }, acceptedOn, closeRelative });
      onSaved(id);
    } catch (x) {
      setError(stepErrorText(tApp, t, x));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="cases-page" aria-labelledby="case-accept-title">
      <h1 id="case-accept-title">{t('work.acceptTitle')}</h1>
      <p className="hint">{t('work.acceptExplain')}</p>
      <form className="case-form" onSubmit={(e) => void submit(e)}>
        <Field label={t('work.programme')}>
          {(id) => (
            <select id={id} value={programme} onChange={(e) => setProgramme(e.target.value as CaseProgramme)}>
              {CASE_PROGRAMMES.map((p) => (
                <option key={p} value={p}>
                  {t(`programme.${p}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('work.applicant')}>
          {(id) => (
            <select
              id={id}
              value={applicant}
              onChange={(e) => {
                setApplicant(e.target.value);
                // A survey names its programme: the case takes it unless the worker changes it.
                const s = applicants?.find((a) => `${a.kind}:${a.id}` === e.target.value);
                if (s?.programme && (CASE_PROGRAMMES as readonly string[]).includes(s.programme)) setProgramme(s.programme as CaseProgramme);
              }}
            >
              <option value="">{t('work.applicantNone')}</option>
              {(applicants ?? []).map((a) => (
                <option key={`${a.kind}:${a.id}`} value={`${a.kind}:${a.id}`}>
                  {t(a.kind === 'survey' ? 'work.applicantSurvey' : 'work.applicantHousehold', { name: a.name })}
                </option>
              ))}
            </select>
          )}
        </Field>
        {applicants && applicants.length === 0 && <p className="empty">{t('work.noApplicants')}</p>}
        <Field label={t('work.acceptedOn')}>
          {(id) => (
            <input id={id} type="date" value={acceptedOn} onChange={(e) => setAcceptedOn(e.target.value)} required />
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={closeRelative} onChange={(e) => setCloseRelative(e.target.checked)} />
          {t('work.closeRelative')}
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('work.save')}
          </button>
          <button type="button" onClick={onCancel}>
            {t('work.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
