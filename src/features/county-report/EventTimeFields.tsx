import { isoToLocalInput, localInputToIso } from '../../shared/rules/china-time';

interface EventOption {
  id: string;
  name: string;
}

/**
 * The event and time fields of a county query (the county report and the dashboard): which event, at
 * what time, and, where the page shows a time range, from which China date. Labels come from the page
 * (each has its own text namespace); every control has its label.
 */
export function EventTimeFields(props: {
  idPrefix: string;
  events: readonly EventOption[];
  eventId: string;
  onEvent: (id: string) => void;
  at: string;
  onAt: (iso: string) => void;
  labels: { event: string; at: string; from?: string; fromHint?: string };
  /** The range's first day (YYYY-MM-DD, '' = the event's start date); the field is shown when given. */
  from?: { value: string; onChange: (day: string) => void; placeholder?: string };
}) {
  const { idPrefix: id, events, eventId, onEvent, at, onAt, labels, from } = props;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-event`}>{labels.event}</label>
        <select id={`${id}-event`} value={eventId} onChange={(e) => onEvent(e.target.value)}>
          {events.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
      </div>
      {from && (
        <div className="field">
          <label htmlFor={`${id}-from`}>{labels.from}</label>
          <input
            id={`${id}-from`}
            type="date"
            value={from.value}
            max={isoToLocalInput(at).slice(0, 10)}
            placeholder={from.placeholder}
            aria-describedby={labels.fromHint ? `${id}-from-hint` : undefined}
            onChange={(e) => from.onChange(e.target.value)}
          />
          {labels.fromHint && (
            <p id={`${id}-from-hint`} className="field-hint">
              {labels.fromHint}
            </p>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-at`}>{labels.at}</label>
        <input id={`${id}-at`} type="datetime-local" value={isoToLocalInput(at)} onChange={(e) => onAt(localInputToIso(e.target.value) || at)} />
      </div>
    </>
  );
}
