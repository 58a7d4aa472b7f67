// Bytes drawn one cell each, coloured by the write they came from, the write's number under each byte (so
// colour is never the only cue), and a legend of the writes shown.
import { useTranslation } from 'react-i18next';
import type { TaggedByte } from './stream-lab-store';

const palette = [
  'bg-sky-100 border-sky-400 dark:bg-sky-900 dark:border-sky-500',
  'bg-amber-100 border-amber-400 dark:bg-amber-900 dark:border-amber-500',
  'bg-emerald-100 border-emerald-400 dark:bg-emerald-900 dark:border-emerald-500',
  'bg-fuchsia-100 border-fuchsia-400 dark:bg-fuchsia-900 dark:border-fuchsia-500',
  'bg-lime-100 border-lime-500 dark:bg-lime-900 dark:border-lime-500',
  'bg-orange-100 border-orange-400 dark:bg-orange-900 dark:border-orange-500',
];

export const writeColour = (write: number): string => palette[(write - 1 + palette.length) % palette.length]!;

/** A byte as a person reads it: printable ASCII as itself, a line end as \n, anything else as hex. */
export function byteText(value: number): string {
  if (value === 0x0a) return '\\n';
  if (value === 0x0d) return '\\r';
  if (value >= 0x20 && value < 0x7f) return String.fromCharCode(value);
  return value.toString(16).padStart(2, '0').toUpperCase();
}

/** The bytes as text for an accessible name ("HelloWorld"), line ends as \n, other bytes that are not text as \xHH. */
export const bytesText = (bytes: TaggedByte[]): string =>
  bytes
    .map((b) =>
      b.value === 0x0a || b.value === 0x0d || (b.value >= 0x20 && b.value < 0x7f) ? byteText(b.value) : `\\x${byteText(b.value)}`,
    )
    .join('');

export function ByteCells({ bytes, limit = 96 }: { bytes: TaggedByte[]; limit?: number }) {
  const shown = bytes.slice(0, limit);
  return (
    <span className="flex flex-wrap gap-0.5" aria-hidden="true">
      {shown.map((b, i) => (
        <span
          key={i}
          className={`inline-flex min-w-[1.4rem] flex-col items-center rounded-sm border px-0.5 leading-tight ${writeColour(b.write)}`}
        >
          <span className="font-mono text-xs text-slate-900 dark:text-slate-50">{byteText(b.value)}</span>
          <span className="text-[9px] text-slate-600 dark:text-slate-300">{b.write}</span>
        </span>
      ))}
      {bytes.length > limit ? <span className="self-center text-xs">… +{bytes.length - limit}</span> : null}
    </span>
  );
}

/** Which colour is which write, for the writes that appear in `bytes`. */
export function WriteLegend({ bytes, writes }: { bytes: TaggedByte[]; writes: string[] }) {
  const { t } = useTranslation();
  const numbers = [...new Set(bytes.map((b) => b.write))].sort((a, b) => a - b).slice(-8);
  if (numbers.length === 0) return null;
  return (
    <ul aria-label={t('streamLab.legend')} className="flex flex-wrap gap-1 text-[11px]">
      {numbers.map((n) => (
        <li key={n} className={`rounded-sm border px-1 ${writeColour(n)}`}>
          {t('streamLab.writeN', { n })}: “{writes[n - 1] ?? ''}”
        </li>
      ))}
    </ul>
  );
}
