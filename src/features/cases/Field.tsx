import { useId, type ReactNode } from 'react';

/**
 * A labelled control: the label names the control by `for` (not by wrapping it, which would add the
 * control's value and any hint to its accessible name), with an optional hint below it.
 */
export function Field({ label, hint, children }: { label: string; hint?: ReactNode; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <span className="hint">{hint}</span>}
    </div>
  );
}
