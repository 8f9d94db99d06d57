import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session-context';
import { paths } from '../../app/useHashRoute';
import { useReliefText } from '../../i18n/relief.texts';
import { useHouseholds } from '../relocation/useHouseholds';
import { HandoutHistory } from './HandoutHistory';
import { useHandouts } from './useReliefData';

/** The relief desk: find the household (name, village or ID number), then hand out; the tablet's latest hand-outs below. */
export function ReliefLedgerPage() {
  const { t } = useReliefText();
  const { t: tApp } = useTranslation();
  const session = useSession();
  const id = useId();
  const [text, setText] = useState('');
  const households = useHouseholds(session, text);
  const handouts = useHandouts(session);
  const allHouseholds = useHouseholds(session, '');
  const headNames = useMemo(() => new Map((allHouseholds ?? []).map((h) => [h.id, h.headName])), [allHouseholds]);
  const shown = text.trim() ? households : null;

  return (
    <section className="relief-ledger" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('ledger.title')}</h2>
      <div className="field search">
        <label htmlFor={`${id}-q`}>{t('ledger.search')}</label>
        <input id={`${id}-q`} type="search" placeholder={t('ledger.searchPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {shown === null ? (
        <p className="field-hint">{t('ledger.chooseHousehold')}</p>
      ) : shown.length === 0 ? (
        <p className="empty">{t('ledger.noHouseholds')}</p>
      ) : (
        <ul className="household-picks">
          {shown.map((h) => (
            <li key={h.id}>
              {/* The name starts with the visible text (WCAG 2.5.3, issue 13 item 14); the purpose follows, for screen readers. */}
              <a href={paths.reliefHousehold(h.id)}>
                {h.headName} · {h.headIdMasked} · {h.village}
                <span className="visually-hidden">{t('pickA11y.suffix')}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('ledger.recent')}</h3>
      {handouts === null ? (
        <p>{tApp('app.loading')}</p>
      ) : handouts.length === 0 ? (
        <p className="empty">{t('ledger.none')}</p>
      ) : (
        <HandoutHistory items={handouts.slice(0, 50)} headNames={headNames} />
      )}
    </section>
  );
}
