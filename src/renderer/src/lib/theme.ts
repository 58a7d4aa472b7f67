// The theme choice applied to the page: light, dark, or the system's (followed as it changes).
import { useSyncExternalStore } from 'react';
import type { ThemeChoice } from '../../../shared/settings-schema';

const systemDark = (): MediaQueryList | null => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null);

let chosen: ThemeChoice = 'system';
let following: MediaQueryList | null = null;
let dark = false;
const listeners = new Set<() => void>();

function paint(): void {
  const before = dark;
  dark = chosen === 'dark' || (chosen === 'system' && (systemDark()?.matches ?? false));
  const root = document.documentElement;
  // styles.css's dark variant keys on this class; color-scheme gives native controls (scrollbars, selects) the same theme.
  root.classList.toggle('dark', dark);
  root.style.colorScheme = dark ? 'dark' : 'light';
  if (before !== dark) for (const l of listeners) l();
}

/** Applies the choice at once; "system" also follows the system's changes until another choice. */
export function applyTheme(choice: ThemeChoice): void {
  chosen = choice;
  if (following === null) {
    following = systemDark();
    following?.addEventListener('change', paint);
  }
  paint();
}

/** Whether the page is dark now (drawings that are not CSS, such as the rate chart, follow it). */
export const useDarkTheme = (): boolean =>
  useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => dark,
  );

// The system's theme from the first paint, before the kept choice is read.
applyTheme('system');
