// The controls keyboard shortcuts reach, marked in the markup with data-shortcut="NAME": a shortcut
// clicks or focuses what a person would, so it never does anything the screen does not offer.
export type ShortcutTarget = 'connect' | 'new' | 'protocol' | 'composer' | 'find' | 'clear' | 'close-details';

/** The attribute to spread on a control: `<Button {...shortcutTarget('clear')}>`. */
export const shortcutTarget = (name: ShortcutTarget): { 'data-shortcut': ShortcutTarget } => ({ 'data-shortcut': name });

const find = (name: ShortcutTarget): HTMLElement | null => document.querySelector<HTMLElement>(`[data-shortcut="${name}"]`);

/** Clicks the control if it is there and enabled; false when there is none to click. */
export function clickTarget(name: ShortcutTarget): boolean {
  const el = find(name);
  if (!el || (el as HTMLButtonElement).disabled) return false;
  el.click();
  return true;
}

/**
 * Focuses the control, waiting a few frames for it to appear (after New the form redraws; after
 * Connect the composer is drawn only once the session is open).
 */
export function focusTarget(name: ShortcutTarget, frames = 20): void {
  const el = find(name);
  if (el && !(el as HTMLInputElement).disabled) {
    el.focus();
    return;
  }
  if (frames > 0) requestAnimationFrame(() => focusTarget(name, frames - 1));
}

/**
 * Focuses the control and keeps it focused for a few frames while the page settles: a form drawn
 * anew (New, a restored session arriving) replaces the element and would drop the focus to the page.
 * It stops as soon as the person moves the focus elsewhere themselves.
 */
export function focusTargetSettled(name: ShortcutTarget, frames = 10): void {
  focusTarget(name, 0);
  const keep = (left: number): void => {
    const el = find(name);
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (el && el !== document.activeElement && lost && !(el as HTMLInputElement).disabled) el.focus();
    if (left > 0) requestAnimationFrame(() => keep(left - 1));
  };
  requestAnimationFrame(() => keep(frames));
}
