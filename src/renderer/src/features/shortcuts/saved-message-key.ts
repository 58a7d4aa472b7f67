// Ctrl+1..Ctrl+9 (Cmd on macOS): the saved-messages panel says here what each sends, so the page's one
// shortcut listener (use-shortcuts.ts) can run it without knowing that feature.
type SendNth = (index: number) => boolean;

let sendNth: SendNth | null = null;

/** The panel registers while it is mounted; the function answers false when there is no Nth message. */
export function onSavedMessageKey(handler: SendNth): () => void {
  sendNth = handler;
  return () => {
    if (sendNth === handler) sendNth = null;
  };
}

/** Sends the Nth (0-based) message of the current collection; false when there is none. */
export const sendSavedByKey = (index: number): boolean => sendNth?.(index) ?? false;

/** Ctrl+1..9 by key position (Digit1..Digit9), so a keyboard's shifted digits or another layout change nothing. */
export function savedMessageIndex(e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code'>): number | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return null;
  const m = /^Digit([1-9])$/.exec(e.code);
  return m ? Number(m[1]) - 1 : null;
}
