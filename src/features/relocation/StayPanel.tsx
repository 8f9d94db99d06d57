import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, isoToLocalInput, localInputToIso } from '../../shared/rules/china-time';
import { Field } from '../../app/Field';
import { useFlash } from '../../app/flash';
import { useSession } from '../../app/session-context';
import { errorCodeOf, errorMessage } from '../../i18n/error-message';
import { useRelocationText } from '../../i18n/relocation.texts';
import { validationMessage } from '../../i18n/validation-message';
import { stayAt } from '../../shared/rules/relocation/stay-at';
import { CHECKOUT_DESTINATIONS, type DisplacedHousehold } from '../../shared/schema/displaced-household';
import type { ShelterSite } from '../../shared/schema/shelter-site';

type Destination = (typeof CHECKOUT_DESTINATIONS)[number];

/** The message of a failed move: the data layer's own codes (transfer.*) first, then the shared ones. */
function useMoveError() {
  const { t } = useTranslation();
  const { t: tr } = useRelocationText();
  return (e: { code: string; details?: unknown }) => {
    const issue = (e.details as { issues?: { message: string }[] } | undefined)?.issues?.[0];
    if (e.code === 'VALIDATION_FAILED' && issue) {
      const own = tr(`validation.${issue.message}`, { defaultValue: '' });
      return own || validationMessage(t, issue.message);
    }
    return errorMessage(t, e.code, e.details);
  };
}

/**
 * Where a saved household stays now and how it got there (check-in, each transfer, check-out), with
 * the 转移 / Transfer and 离开 / Check out actions. Both append to the record through the data layer's
 * save path; nothing is typed over, so the history stays (occupancy is derived from it).
 */
export function StayPanel({
  household,
  sites,
  now,
  onChanged,
}: {
  household: DisplacedHousehold;
  sites: ShelterSite[];
  now: () => Date;
  onChanged: () => void;
}) {
  const { t: tr } = useRelocationText();
  const session = useSession();
  const flash = useFlash();
  const id = useId();
  const moveError = useMoveError();
  const [open, setOpen] = useState<'transfer' | 'checkOut' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const minute = () => new Date(Math.floor(now().getTime() / 60_000) * 60_000).toISOString();
  const [at, setAt] = useState(minute);
  const [toSiteId, setToSiteId] = useState('');
  const [destination, setDestination] = useState<Destination>('home');

  const siteName = (sid: string | null | undefined) => (sid ? (sites.find((s) => s.id === sid)?.name ?? tr('stay.unknownSite')) : tr('stay.dispersedPlace'));
  const stay = stayAt(household, now().getTime());
  const targets = sites.filter(
    (s) => (!s.eventId || s.eventId === household.eventId) && !(stay.placement === 'centralised' && s.id === stay.siteId) && !s.closedOn,
  );

  const status = household.checkOut
    ? tr('stay.checkedOut', { time: formatDateTime(household.checkOut.at), destination: tr(`stay.destinations.${household.checkOut.destination}`) })
    : household.evacuationKind === 'evacuation'
      ? tr('stay.evacuation')
      : stay.placement === 'centralised'
        ? tr('stay.atSite', { site: siteName(stay.siteId) })
        : tr('stay.dispersed');

  const history = [
    household.placement === 'centralised'
      ? tr('stay.checkIn', { time: formatDateTime(household.checkInAt), site: siteName(household.shelterSiteId) })
      : tr('stay.checkInDispersed', { time: formatDateTime(household.checkInAt) }),
    ...[...(household.transfers ?? [])]
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
      .map((m) => tr('stay.move', { time: formatDateTime(m.at), from: siteName(m.fromSiteId), to: siteName(m.toSiteId) })),
    ...(household.checkOut
      ? [tr('stay.out', { time: formatDateTime(household.checkOut.at), destination: tr(`stay.destinations.${household.checkOut.destination}`) })]
      : []),
  ];

  const start = (which: 'transfer' | 'checkOut') => {
    setError(null);
    setAt(minute());
    setToSiteId('');
    setOpen(which);
  };

  const run = async (action: () => Promise<void>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      flash(done);
      setOpen(null);
      onChanged();
    } catch (e) {
      setError(moveError(errorCodeOf(e)));
    } finally {
      setBusy(false);
    }
  };

  const transfer = () => {
    if (!toSiteId) return setError(tr('stay.toSite'));
    void run(() => session.households.transfer!(household.id, { toSiteId, at }), tr('stay.transferred', { site: siteName(toSiteId) }));
  };
  const checkOut = () => void run(() => session.households.checkOut!(household.id, { at, destination }), tr('stay.checkedOutDone'));

  return (
    <section className="stay-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{tr('stay.title')}</h3>
      <p className="stay-status">{status}</p>
      <h4>{tr('stay.history')}</h4>
      <ol className="stay-history">
        {history.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
      {!household.checkOut && open === null && (
        <div className="form-actions">
          {household.evacuationKind === 'relocation' && (
            <button type="button" onClick={() => start('transfer')}>
              {tr('stay.transfer')}
            </button>
          )}
          <button type="button" onClick={() => start('checkOut')}>
            {tr('stay.checkOut')}
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {open === 'transfer' && (
        <div className="stay-action" role="group" aria-labelledby={`${id}-transfer`}>
          <h4 id={`${id}-transfer`}>{tr('stay.transferTitle')}</h4>
          {targets.length === 0 ? (
            <p>{tr('stay.noOtherSite')}</p>
          ) : (
            <Field id={`${id}-to`} label={tr('stay.toSite')}>
              <select id={`${id}-to`} value={toSiteId} onChange={(e) => setToSiteId(e.target.value)}>
                <option value="">—</option>
                {targets.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <TimeField id={`${id}-transfer-at`} label={tr('stay.transferAt')} value={at} onChange={setAt} />
          <div className="form-actions">
            <button type="button" className="primary" onClick={transfer} disabled={busy || targets.length === 0}>
              {tr('stay.confirmTransfer')}
            </button>
            <button type="button" onClick={() => setOpen(null)}>
              {tr('stay.cancel')}
            </button>
          </div>
        </div>
      )}
      {open === 'checkOut' && (
        <div className="stay-action" role="group" aria-labelledby={`${id}-checkout`}>
          <h4 id={`${id}-checkout`}>{tr('stay.checkOutTitle')}</h4>
          <Field id={`${id}-destination`} label={tr('stay.destination')}>
            <select id={`${id}-destination`} value={destination} onChange={(e) => setDestination(e.target.value as Destination)}>
              {CHECKOUT_DESTINATIONS.map((d) => (
                <option key={d} value={d}>
                  {tr(`stay.destinations.${d}`)}
                </option>
              ))}
            </select>
          </Field>
          <TimeField id={`${id}-checkout-at`} label={tr('stay.checkOutAt')} value={at} onChange={setAt} />
          <div className="form-actions">
            <button type="button" className="primary" onClick={checkOut} disabled={busy}>
              {tr('stay.confirmCheckOut')}
            </button>
            <button type="button" onClick={() => setOpen(null)}>
              {tr('stay.cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function TimeField({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (iso: string) => void }) {
  return (
    <Field id={id} label={label}>
      <input id={id} type="datetime-local" value={isoToLocalInput(value)} onChange={(e) => onChange(localInputToIso(e.target.value))} />
    </Field>
  );
}
