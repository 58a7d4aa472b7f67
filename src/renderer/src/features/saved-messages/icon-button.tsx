// Small icon buttons for the narrow sidebar panel: the name is the aria-label and the tooltip.
import type { ButtonHTMLAttributes } from 'react';

const iconPaths = {
  add: 'M9 3v12M3 9h12',
  rename: 'M3 13.5V16h2.5l7.4-7.4-2.5-2.5L3 13.5Zm11.8-6.8a.7.7 0 0 0 0-1l-1.5-1.5a.7.7 0 0 0-1 0l-1.2 1.2 2.5 2.5 1.2-1.2Z',
  delete: 'M5 5l8 8M13 5l-8 8',
  up: 'M9 14V4M4.5 8.5 9 4l4.5 4.5',
  down: 'M9 4v10M4.5 9.5 9 14l4.5-4.5',
} as const;
export type IconName = keyof typeof iconPaths;

export function IconButton({ label, icon, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { label: string; icon: IconName }) {
  const filled = icon === 'rename';
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      className="shrink-0 rounded border border-slate-300 bg-white p-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900 disabled:text-slate-300 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-300 dark:hover:bg-slate-700 dark:hover:text-slate-100 dark:disabled:text-slate-600"
      {...props}
    >
      <svg viewBox="0 0 18 18" width="14" height="14" aria-hidden="true" className="block">
        <path
          d={iconPaths[icon]}
          fill={filled ? 'currentColor' : 'none'}
          stroke={filled ? 'none' : 'currentColor'}
          strokeWidth={filled ? 0 : 2}
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    </button>
  );
}
