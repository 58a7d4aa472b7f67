// A row of the log to show, asked for by another part of the window (a step picked in the sequence diagram):
// the session's log selects it, stops following new rows and scrolls to it.
type Listener = () => void;

interface FocusRequest {
  sessionId: string;
  seq: number;
  /** Grows with each request: asking for the same row again shows it again. */
  id: number;
}

class LogFocus {
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

  getVersion = (): number => this.request?.id ?? 0;
}

export const logFocus = new LogFocus();
