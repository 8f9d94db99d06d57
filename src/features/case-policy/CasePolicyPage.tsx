import { useEffect, useId, useMemo, useState } from 'react';
import { paths } from '../../app/useHashRoute';
import { useSession } from '../../app/session-context';
import { useOnline } from '../../app/useOnline';
import { errorCodeOf } from '../../i18n/error-message';
import { CASE_PROGRAMMES, type CaseProgramme } from '../../shared/schema/case';
import { casePolicyId, casePolicySchema, DIBAO_CASE_PARAMS, type CaseParams, type CasePolicy } from '../../shared/schema/case-policy';
import type { Division } from '../../shared/schema/division';
import { ServerError, type ServerFailure } from '../reference-admin/ServerError';
import { casePolicyApi } from './case-policy-api';
import { useCasePolicyText } from './useCasePolicyText';

const PARAMS = Object.keys(DIBAO_CASE_PARAMS) as (keyof CaseParams)[];
type Inputs = Record<keyof CaseParams, string>;

const inputsOf = (p: Partial<CaseParams> | undefined): Inputs =>
  Object.fromEntries(PARAMS.map((k) => [k, p?.[k] === undefined ? '' : String(p[k])])) as Inputs;

/**
 * 案件办理时限, online only, for the administrator (SPEC K8): a county's deadlines and review intervals
 * per programme, each left blank to keep the dibao rule's figure. Checked with the shared schema here
 * and again by the server; tablets pull the county's record.
 */
export function CasePolicyPage() {
  const { t } = useCasePolicyText();
  const session = useSession();
  const online = useOnline();
  const id = useId();
  const allowed = session.user.role === 'admin' && online && session.online();
  const api = useMemo(() => (allowed ? casePolicyApi(session.request.bind(session)) : null), [allowed, session]);
  const [counties, setCounties] = useState<Division[] | null>(null);
  const [policies, setPolicies] = useState<CasePolicy[]>([]);
  const [county, setCounty] = useState('');
  const [programme, setProgramme] = useState<CaseProgramme>('dibao');
  const [inputs, setInputs] = useState<Inputs>(inputsOf(undefined));
  const [issues, setIssues] = useState<{ path: string; message: string }[]>([]);
  const [failure, setFailure] = useState<ServerFailure | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (!api) return;
    let live = true;
    Promise.all([api.counties(), api.policies()]).then(
      ([cs, ps]) => {
        if (!live) return;
        setCounties(cs);
        setPolicies(ps);
        const first = cs.find((c) => c.code === session.user.county) ?? cs[0];
        if (first) {
          setCounty(first.code);
          setInputs(inputsOf(ps.find((p) => p.county === first.code)?.programmes.dibao));
        }
      },
      (e: unknown) => live && setFailure(errorCodeOf(e)),
    );
    return () => {
      live = false;
    };
  }, [api, session.user.county]);

  if (session.user.role !== 'admin') return <p className="notice">{t('adminOnly')}</p>;
  if (!api) return <p className="notice">{t('onlineOnly')}</p>;

  const policyOf = (c: string) => policies.find((p) => p.county === c);
  const choose = (c: string, p: CaseProgramme) => {
    setCounty(c);
    setProgramme(p);
    setInputs(inputsOf(policyOf(c)?.programmes[p]));
    setIssues([]);
    setFailure(null);
    setMessage(null);
  };
  const save = async () => {
    setMessage(null);
    setFailure(null);
    const overrides = Object.fromEntries(PARAMS.filter((k) => inputs[k].trim() !== '').map((k) => [k, Number(inputs[k])]));
    const programmes = { ...(policyOf(county)?.programmes ?? {}), [programme]: overrides };
    const parsed = casePolicySchema.safeParse({ id: casePolicyId(county), county, programmes });
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => ({ path: String(i.path.at(-1) ?? ''), message: i.message })));
      return;
    }
    setIssues([]);
    try {
      const saved = await api.save(county, parsed.data.programmes);
      setPolicies((ps) => [...ps.filter((p) => p.county !== county), saved]);
      const name = counties?.find((c) => c.code === county)?.name ?? county;
      setMessage(t('saved', { county: name, programme: t(`programmes.${programme}`) }));
    } catch (e) {
      setFailure(errorCodeOf(e));
    }
  };
  const issueText = (m: string) => t(`issue.${m}`, { defaultValue: t('issue.number') });

  return (
    <section className="case-policy" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h2 id={`${id}-title`}>{t('title')}</h2>
        <a href={paths.workCalendar}>{t('toCalendar')}</a>
      </div>
      <p className="hint">{t('explain')}</p>
      <ServerError failure={failure} labels={{}} />
      {counties === null ? (
        <p>{t('loading')}</p>
      ) : counties.length === 0 ? (
        <p>{t('noCounty')}</p>
      ) : (
        <>
          <div className="page-head">
            <label>
              {t('county')}{' '}
              <select value={county} onChange={(e) => choose(e.target.value, programme)}>
                {counties.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('programme')}{' '}
              <select value={programme} onChange={(e) => choose(county, e.target.value as CaseProgramme)}>
                {CASE_PROGRAMMES.map((p) => (
                  <option key={p} value={p}>
                    {t(`programmes.${p}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div aria-live="polite">{message && <p className="flash-message">{message}</p>}</div>
          <div className="policy-params">
            {PARAMS.map((k) => (
              <label key={k}>
                {t(`params.${k}`)} {t('defaultValue', { value: DIBAO_CASE_PARAMS[k] })}{' '}
                <input
                  type="number"
                  step={k === 'countyRevisitShare' ? 0.05 : 1}
                  placeholder={String(DIBAO_CASE_PARAMS[k])}
                  value={inputs[k]}
                  onChange={(e) => setInputs({ ...inputs, [k]: e.target.value })}
                />
              </label>
            ))}
          </div>
          {issues.length > 0 && (
            <div className="error" role="alert">
              <p>{t('invalid')}</p>
              <ul>
                {issues.map((i) => (
                  <li key={`${i.path}:${i.message}`}>
                    {PARAMS.includes(i.path as keyof CaseParams) ? t(`params.${i.path}`) : i.path}：{issueText(i.message)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <button type="button" className="primary" onClick={() => void save()}>
            {t('save')}
          </button>
        </>
      )}
    </section>
  );
}
