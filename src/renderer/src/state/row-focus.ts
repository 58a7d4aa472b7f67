// A log row one part of the window asks another to show: a step picked in the sequence diagram asks the log for
// its row (logFocus); a row picked in the log asks the diagram for its step (diagramFocus). Each asks the other,
// never itself, so the two follow each other without echoing.
type Listener = () => void;

interface FocusRequest {
  sessionId: string;
  /** The log row (its seq). */
  seq: number;
  /** Grows with each request: asking for the same row again shows it again. */
  id: number;
}

class RowFocus {
  request: FocusRequest | null = null;
  private readonly listeners = new Set<Listener>();
  private nextId = 1;

  show(sessionId: string, seq: number): void {
    this.request = { sessionId, seq, id: this.nextId++ };
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** Rows the session's log selects and scrolls to. */
export const logFocus = new RowFocus();
/** Rows whose step the session's sequence diagram steps to. */
export const diagramFocus = new RowFocus();
