// A log row one part of the window asks another to show: a step picked in the sequence diagram asks the log for
// its row (logFocus); a row picked in the log asks the diagram for its step (diagramFocus). Each asks the other,
// never itself, so the two follow each other without echoing.
import { ChangeSignal } from '../lib/change-signal';

class RowFocus extends ChangeSignal {
  /** The latest row asked for: asking for the same row again shows it again. */
  request: { sessionId: string; seq: number } | null = null;

  show(sessionId: string, seq: number): void {
    this.request = { sessionId, seq };
    this.changed();
  }
}

/** Rows the session's log selects and scrolls to. */
export const logFocus = new RowFocus();
/** Rows whose step the session's sequence diagram steps to. */
export const diagramFocus = new RowFocus();
