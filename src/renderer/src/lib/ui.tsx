// Small building blocks so every control gets a visible label, an accessible name and its error.
import {
  createContext,
  useContext,
  useId,
  useLayoutEffect,
  useMemo,
  useState,
  type ReactNode,
  type ButtonHTMLAttributes,
  type InputHTMLAttributes,
  type SelectHTMLAttributes,
} from 'react';

export const inputClass =
  'w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 shadow-sm disabled:bg-slate-100 disabled:text-slate-500 aria-[invalid=true]:border-red-500 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:disabled:bg-slate-900';

type Tone = 'primary' | 'danger' | 'plain';
// White text needs sky-700 or darker (sky-600 is 4.0:1). A pressed toggle (aria-pressed) is
// filled sky; focus is the violet ring from styles.css, so the two never look alike.
const tones: Record<Tone, string> = {
  primary: 'bg-sky-700 text-white hover:bg-sky-800 disabled:bg-sky-300 dark:disabled:bg-sky-900',
  danger: 'bg-red-600 text-white hover:bg-red-700 disabled:bg-red-300',
  plain:
    'border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 disabled:text-slate-400 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700 aria-pressed:border-sky-700 aria-pressed:bg-sky-700 aria-pressed:text-white aria-pressed:hover:bg-sky-800',
};

export function Button({ tone = 'plain', className = '', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: Tone }) {
  return (
    <button type="button" className={`whitespace-nowrap rounded px-3 py-1 text-sm font-medium ${tones[tone]} ${className}`} {...props} />
  );
}

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  children: (ids: { id: string; errorId: string; invalid: boolean }) => ReactNode;
}

/** Where the fields of an ErrorRow send their errors (by the id their control is described by). */
interface RowErrorSink {
  set(errorId: string, text: string | null): void;
}
const RowErrors = createContext<RowErrorSink | null>(null);

/**
 * A row of narrow fields that cannot wrap (the composer's Send / Repeat line): their errors are said
 * under the whole row, at its full width, rather than squeezed under each field.
 */
export function ErrorRow({ className, children }: { className: string; children: ReactNode }) {
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const sink = useMemo<RowErrorSink>(
    () => ({
      set: (errorId, text) =>
        setErrors((current) => {
          if ((current.get(errorId) ?? null) === text) return current;
          const next = new Map(current);
          if (text === null) next.delete(errorId);
          else next.set(errorId, text);
          return next;
        }),
    }),
    [],
  );
  return (
    <RowErrors.Provider value={sink}>
      <div className={className}>{children}</div>
      {[...errors].map(([errorId, text]) => (
        <p key={errorId} id={errorId} role="alert" className="text-xs text-red-600 dark:text-red-400">
          {text}
        </p>
      ))}
    </RowErrors.Provider>
  );
}

export function Field({ label, error, hint, className = '', children }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const row = useContext(RowErrors);
  useLayoutEffect(() => {
    if (!row) return;
    row.set(errorId, error ?? null);
    return () => row.set(errorId, null);
  }, [row, errorId, error]);
  const below = Boolean(error) && row === null;
  return (
    // A field with an error widens (up to 18rem) so its sentence reads in a line or two instead of a
    // narrow column of words under a port box; past three lines it is cut, whole in the tooltip and
    // whole for a screen reader (the text stays in the page; only its drawing is clamped).
    <div className={`flex flex-col gap-1 ${below ? 'min-w-[min(18rem,100%)]' : ''} ${className}`}>
      <label htmlFor={id} className="text-xs font-semibold text-slate-600 dark:text-slate-300">
        {label}
      </label>
      {children({ id, errorId, invalid: Boolean(error) })}
      {error ? (
        below ? (
          <p id={errorId} role="alert" title={error} className="line-clamp-3 text-xs text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : null
      ) : hint ? (
        <div className="text-xs text-slate-500 dark:text-slate-400">{hint}</div>
      ) : null}
    </div>
  );
}

export function TextField({
  label,
  error,
  hint,
  className,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | undefined; hint?: ReactNode }) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {({ id, errorId, invalid }) => (
        <input
          id={id}
          aria-invalid={invalid}
          aria-describedby={invalid ? errorId : undefined}
          className={inputClass}
          spellCheck={false}
          {...input}
        />
      )}
    </Field>
  );
}

export function SelectField({
  label,
  error,
  className,
  children,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; error?: string | undefined }) {
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
