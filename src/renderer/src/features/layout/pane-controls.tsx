// The pieces every resizable pane shares: its separator (a keyboard-operable splitter with a name) and
// its collapse / expand button, drawn the same way for the sidebar, the details and the connection form.
import type { ReactNode } from 'react';
import { Separator } from 'react-resizable-panels';

/** Which way the pane folds away: the arrow on its button points there (and back when collapsed). */
export type FoldSide = 'left' | 'right' | 'up';

const chevrons: Record<FoldSide, { collapse: string; expand: string }> = {
  left: { collapse: 'M11 4 6 9l5 5', expand: 'M7 4l5 5-5 5' },
  right: { collapse: 'M7 4l5 5-5 5', expand: 'M11 4 6 9l5 5' },
  up: { collapse: 'M4 11l5-5 5 5', expand: 'M4 7l5 5 5-5' },
};

/**
 * A splitter between two panes: arrow keys move it (Home / End to the ends), a pointer drags it.
 * `vertical`: it stands between panes side by side.
 */
export function PaneSeparator({ label, vertical }: { label: string; vertical: boolean }) {
  return (
    <Separator
      aria-label={label}
      title={label}
      className={`shrink-0 bg-slate-200 transition-colors focus-visible:-outline-offset-2 data-[separator=active]:bg-sky-600 data-[separator=hover]:bg-sky-400 dark:bg-slate-700 dark:data-[separator=active]:bg-sky-400 dark:data-[separator=hover]:bg-sky-600 ${vertical ? 'w-1.5' : 'h-1.5'}`}
    />
  );
}

/** Collapse or expand one pane: named for what it does now, with the pane it controls and its state. */
export function FoldButton({
  side,
  collapsed,
  label,
  controls,
  disabled = false,
  onClick,
  children,
  className = '',
}: {
  side: FoldSide;
  collapsed: boolean;
  label: string;
  controls: string;
  /** No room to expand into (the details in a narrow window). */
  disabled?: boolean;
  onClick: () => void;
  /** Words beside the arrow (the collapsed connection form says what it holds). */
  children?: ReactNode;
  className?: string;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-expanded={!collapsed}
      aria-controls={controls}
      disabled={disabled}
      onClick={onClick}
      className={`flex items-center gap-1 rounded p-1 text-xs text-slate-600 hover:bg-slate-200 hover:text-slate-900 disabled:opacity-50 dark:text-slate-300 dark:hover:bg-slate-700 dark:hover:text-slate-100 ${className}`}
    >
      <svg viewBox="0 0 18 18" width="14" height="14" aria-hidden="true" className="block shrink-0">
        <path
          d={collapsed ? chevrons[side].expand : chevrons[side].collapse}
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      {children}
    </button>
  );
}
