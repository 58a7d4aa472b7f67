// Small building blocks so every control gets a visible label, an accessible name and its error.
import { useId, type ReactNode, type ButtonHTMLAttributes, type InputHTMLAttributes, type SelectHTMLAttributes } from 'react';

export const inputClass =
  'w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 shadow-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500 disabled:bg-slate-100 disabled:text-slate-500 aria-[invalid=true]:border-red-500 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:disabled:bg-slate-900';

type Tone = 'primary' | 'danger' | 'plain';
const tones: Record<Tone, string> = {
  primary: 'bg-sky-600 text-white hover:bg-sky-700 disabled:bg-sky-300 dark:disabled:bg-sky-900',
  danger: 'bg-red-600 text-white hover:bg-red-700 disabled:bg-red-300',
  plain:
    'border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 disabled:text-slate-400 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700',
};

export function Button({ tone = 'plain', className = '', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: Tone }) {
  return (
    <button
      type="button"
      className={`whitespace-nowrap rounded px-3 py-1 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 aria-pressed:ring-2 aria-pressed:ring-sky-500 ${tones[tone]} ${className}`}
      {...props}
    />
  );
}

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  children: (ids: { id: string; errorId: string; invalid: boolean }) => ReactNode;
}

export function Field({ label, error, hint, className = '', children }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-xs font-semibold text-slate-600 dark:text-slate-300">
        {label}
      </label>
      {children({ id, errorId, invalid: Boolean(error) })}
      {error ? (
        <p id={errorId} role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : hint ? (
        <div className="text-xs text-slate-500 dark:text-slate-400">{hint}</div>
      ) : null}
    </div>
  );
}

export function TextField({ label, error, hint, className, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | undefined; hint?: ReactNode }) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {({ id, errorId, invalid }) => (
        <input id={id} aria-invalid={invalid} aria-describedby={invalid ? errorId : undefined} className={inputClass} spellCheck={false} {...input} />
      )}
    </Field>
  );
}

export function SelectField({ label, error, className, children, ...select }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; error?: string | undefined }) {
  return (
    <Field label={label} error={error} className={className}>
      {({ id, errorId, invalid }) => (
        <select id={id} aria-invalid={invalid} aria-describedby={invalid ? errorId : undefined} className={inputClass} {...select}>
          {children}
        </select>
      )}
    </Field>
  );
}
