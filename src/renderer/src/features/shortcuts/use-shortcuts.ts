// The window's keyboard shortcuts, one listener for the whole page. Alt+letter (by key position, so
// every keyboard layout and macOS's Option characters alike) for the app's own actions, Ctrl+F for
// find, Esc to close the details, ? for the list of shortcuts (when not typing in a field).
import { useEffect } from 'react';
import { savedMessageIndex, sendSavedByKey } from './saved-message-key';
import { clickTarget, focusTarget, focusTargetSettled } from './shortcut-targets';

export interface Shortcut {
  /** What to press, as shown in the list (the same in every language). */
  keys: string;
  /** Its line in the list: a key of the `shortcuts` block of the catalogs. */
  does: 'connect' | 'new' | 'composer' | 'find' | 'clear' | 'closeDetails' | 'sheet' | 'savedMessage';
  /** Its line's catalog key when it is not `shortcuts.<does>`. */
  label?: string;
}

export const shortcuts: readonly Shortcut[] = [
  { keys: 'Alt+C', does: 'connect' },
  { keys: 'Alt+N', does: 'new' },
  { keys: 'Alt+M', does: 'composer' },
  { keys: 'Ctrl+F', does: 'find' },
  { keys: 'Alt+L', does: 'clear' },
  { keys: 'Esc', does: 'closeDetails' },
  { keys: 'Ctrl+1 … Ctrl+9', does: 'savedMessage', label: 'saved.shortcutLine' },
  { keys: '?', does: 'sheet' },
];

const typing = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** What a key press does, or null when it is not a shortcut (then the page handles it as usual). */
export function actionFor(
  e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code' | 'key' | 'target'>,
): Shortcut['does'] | null {
  if (e.altKey && !e.ctrlKey && !e.metaKey) {
    switch (e.code) {
      case 'KeyC':
        return 'connect';
      case 'KeyN':
        return 'new';
      case 'KeyM':
        return 'composer';
      case 'KeyL':
        return 'clear';
      case 'KeyF':
        return 'find';
      default:
        return null;
    }
  }
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.code === 'KeyF') return 'find';
  // Also while typing in the composer: a saved message goes out without leaving the message box.
  if (savedMessageIndex(e) !== null) return 'savedMessage';
  if (e.key === 'Escape' && !e.ctrlKey && !e.altKey && !e.metaKey) return 'closeDetails';
  if (e.key === '?' && !e.ctrlKey && !e.altKey && !e.metaKey && !typing(e.target)) return 'sheet';
  return null;
}

/** Runs the action; false when it had nothing to act on (then the key is left to the page). */
function run(does: Shortcut['does'], openSheet: () => void, e: KeyboardEvent): boolean {
  switch (does) {
    case 'connect':
      return clickTarget('connect');
    case 'new':
      if (!clickTarget('new')) return false;
      focusTargetSettled('protocol');
      return true;
    case 'composer':
      focusTarget('composer', 0);
      return true;
    case 'find':
      focusTarget('find', 0);
      return true;
    case 'clear':
      return clickTarget('clear');
    case 'closeDetails':
      return clickTarget('close-details');
    case 'sheet':
      openSheet();
      return true;
    case 'savedMessage':
      return sendSavedByKey(savedMessageIndex(e) ?? -1);
  }
}

export function useShortcuts(openSheet: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented) return;
      const does = actionFor(e);
      if (does && run(does, openSheet, e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openSheet]);
}
