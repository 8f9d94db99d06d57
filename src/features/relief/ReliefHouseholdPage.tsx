import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFlash } from '../../app/flash';
import { useSession } from '../../app/session-context';
import { paths } from '../../app/useHashRoute';
import { useReliefText } from '../../i18n/relief.texts';
import { maskIdNumber } from '../../shared/rules/id-number';
import type { DisplacedHousehold } from '../../shared/schema/displaced-household';
import type { CompressThumbprint } from './compress-thumbprint';
import { HandoutForm } from './HandoutForm';
import { HandoutHistory } from './HandoutHistory';
import { useEntitlements, useHandouts } from './useReliefData';

/** One household's hand-outs on this tablet and the form for the next one. */
export function ReliefHouseholdPage({ householdId, compress }: { householdId: string; compress?: CompressThumbprint }) {
  const { t } = useReliefText();
  const { t: tApp } = useTranslation();
  const session = useSession();
  const flash = useFlash();
  const id = useId();
  const [household, setHousehold] = useState<DisplacedHousehold | null | 'missing'>(null);
  const entitlements = useEntitlements(session);
  const history = useHandouts(session, householdId);

  useEffect(() => {
    let live = true;
    session.households.get(householdId).then(
      (h) => live && setHousehold(h ?? 'missing'),
      () => live && setHousehold('missing'),
    );
    return () => {
      live = false;
    };
  }, [session, householdId]);

  if (household === 'missing') {
    return (
      <p>
        {t('household.notFound')} <a href={paths.relief}>{t('household.back')}</a>
      </p>
    );
  }
  if (!household || !entitlements) return <p>{tApp('app.loading')}</p>;

  return (
    <section className="relief-household" aria-labelledby={`${id}-title`}>
      <div className="page-head">
        <h2 id={`${id}-title`}>{t('household.title', { name: household.head.name })}</h2>
        <a href={paths.relief}>{t('household.back')}</a>
      </div>
      <p>
        {t('household.headline', {
          name: household.head.name,
          id: maskIdNumber(household.head.idNumber),
          members: household.membersCount,
          village: household.origin.village,
        })}
      </p>
      <HandoutForm household={household} entitlements={entitlements} onSaved={() => flash(t('form.saved'))} {...(compress ? { compress } : {})} />
      <h3>{t('household.history')}</h3>
      {history === null ? (
        <p>{tApp('app.loading')}</p>
      ) : history.length === 0 ? (
        <p className="empty">{t('household.noHistory')}</p>
      ) : (
        <HandoutHistory items={history} actions />
      )}
    </section>
  );
}
