// Up / Down in the message box walk through what was sent, like a shell.
import { useRef } from 'react';

const maxHistory = 100;

/** `initial`: the history kept for the session (oldest first); `onChange` hears the list after each send. */
export function useSendHistory(initial: readonly string[] = [], onChange?: (entries: string[]) => void) {
  const entries = useRef<string[]>(initial.slice(-maxHistory));
  // Position while walking: entries.length means "the draft being typed".
  const cursor = useRef(Math.min(initial.length, maxHistory));
  const draft = useRef('');

  return {
    push(message: string): void {
      const list = entries.current;
      if (list[list.length - 1] !== message) list.push(message);
      if (list.length > maxHistory) list.shift();
      cursor.current = list.length;
      onChange?.(list.slice());
    },
    /** The previous entry, or null at the oldest. Remembers the unsent draft. */
    back(current: string): string | null {
      if (cursor.current === 0) return null;
      if (cursor.current === entries.current.length) draft.current = current;
      cursor.current--;
      return entries.current[cursor.current] ?? null;
    },
    /** The next entry, the draft after the newest, or null when already at the draft. */
    forward(): string | null {
      if (cursor.current >= entries.current.length) return null;
      cursor.current++;
      return cursor.current === entries.current.length ? draft.current : (entries.current[cursor.current] ?? null);
    },
  };
}
