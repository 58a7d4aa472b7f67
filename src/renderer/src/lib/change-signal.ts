// What every store the window reads through useSyncExternalStore shares: its listeners, and a version that
// grows with each change (React draws again when the version it read differs).
type Listener = () => void;

export class ChangeSignal {
  private version = 0;
  private readonly listeners = new Set<Listener>();

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /** Tells every listener that something changed. */
  protected changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
