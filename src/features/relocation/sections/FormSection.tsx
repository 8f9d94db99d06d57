import { useEffect, useState, type ReactNode } from 'react';
import { get, useFormContext, useFormState } from 'react-hook-form';

/**
 * A collapsible part of the household form (<details>): the first screen keeps the essentials, the rest
 * opens on demand. A section opens by itself when a save fails on one of its fields, so no error hides.
 */
export function FormSection({ title, fields, children, defaultOpen = false }: { title: string; fields: string[]; children: ReactNode; defaultOpen?: boolean }) {
  const { control } = useFormContext();
  const { errors, submitCount } = useFormState({ control });
  const [open, setOpen] = useState(defaultOpen);
  const hasError = fields.some((f) => get(errors, f) !== undefined);
  useEffect(() => {
    if (hasError) setOpen(true);
  }, [hasError, submitCount]);
  return (
    <details className="form-section" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{title}</summary>
      <div className="form-section-body">{children}</div>
    </details>
  );
}
