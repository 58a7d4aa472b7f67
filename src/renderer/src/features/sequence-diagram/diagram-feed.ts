// The window's diagrams: one StepMapper per session shown, fed each log row once as it arrives (from the
// store's cache, or fetched by range when a batch carried only the newest), its front forgotten as the
// log drops rows; and the last connect attempt that failed, which leaves no session to draw.
import { maxRowsPerFetch, type CommandError, type LogRow, type OpenSessionRequest, type SessionKind } from '../../../../shared/contract';
import { isClientKind } from '../../../../shared/kinds';
import { StepMapper, mapRows } from '../../../../shared/lesson/steps';
import { api } from '../../api';
import { store, type SessionLog } from '../../state/app-store';
import { ChangeSignal } from '../../lib/change-signal';

/**
 * Rows a diagram fetches to catch up at most: further behind (a long session shown for the first time, or
 * traffic faster than it can follow), it starts again this far from the newest row and says how many
 * earlier steps it does not hold.
 */
const maxCatchUpRows = 20_000;

/** A connect that failed: the engine keeps no session for it, so its diagram is drawn from this. */
export interface FailedAttempt {
  kind: SessionKind;
  host: string;
  port: number;
  code: string;
  time: number;
}

class DiagramFeed extends ChangeSignal {
  private readonly mappers = new Map<string, StepMapper>();
  private readonly fetching = new Set<string>();
  private attempt: { failed: FailedAttempt; mapper: StepMapper } | null = null;

  /** The session's diagram (started from the oldest row the log holds the first time it is asked for). */
  mapper(sessionId: string, kind: SessionKind): StepMapper {
    let m = this.mappers.get(sessionId);
    if (!m) {
      m = new StepMapper(kind);
      this.mappers.set(sessionId, m);
    }
    return m;
  }

  /**
   * Brings the session's diagram up to the log: forgets the steps of dropped rows, maps the new rows the
   * store holds, and fetches the ones it does not (one request in flight per session). Cheap when nothing
   * is new: a couple of comparisons.
   */
  sync(sessionId: string, kind: SessionKind, log: SessionLog): void {
    const m = this.mapper(sessionId, kind);
    const before = m.version;
    if (log.first > 0) {
      m.dropBefore(log.first);
      m.skipTo(log.first);
    }
    if (log.total - m.nextSeq > maxCatchUpRows) m.skipTo(log.total - maxCatchUpRows / 2);
    const fresh: LogRow[] = [];
    for (let seq = m.nextSeq; seq < log.total; seq++) {
      const row = log.rows.get(seq);
      if (!row) break;
      fresh.push(row);
    }
    m.push(fresh);
    if (m.nextSeq < log.total) this.fetch(sessionId, kind, m, log);
    if (m.version !== before) this.changed();
  }

  private fetch(sessionId: string, kind: SessionKind, m: StepMapper, log: SessionLog): void {
    const total = log.total;
    if (this.fetching.has(sessionId)) return;
    this.fetching.add(sessionId);
    const from = m.nextSeq;
    void api.getRows({ sessionId, from, count: Math.min(maxRowsPerFetch, total - from) }).then((r) => {
      this.fetching.delete(sessionId);
      if (!r.ok || this.mappers.get(sessionId) !== m) return;
      if (r.value.first > m.nextSeq) m.skipTo(r.value.first);
      m.push(r.value.rows);
      this.changed();
      // Rows still missing (the log grew meanwhile, or a page was not enough): the next round now. Not left to
      // a redraw: a session that went quiet while this was in flight sends no more updates to cause one.
      const latest = store.logs.get(sessionId) ?? log;
      // Only after progress: a page that brought nothing waits for the next update rather than asking again at once.
      if (m.nextSeq > from && m.nextSeq < latest.total) this.sync(sessionId, kind, latest);
    });
  }

  /** Forgets the diagrams of sessions that are gone. */
  forgetAllBut(ids: Iterable<string>): void {
    const keep = new Set(ids);
    for (const id of this.mappers.keys()) if (!keep.has(id)) this.mappers.delete(id);
  }

  /** What opening a session from the form came to: a client's refused or timed-out connect is kept to be drawn. */
  noteOpen(request: OpenSessionRequest, error: CommandError | null): void {
    if (error === null) return this.clearFailedAttempt();
    if (!isClientKind(request.kind) || (error.code !== 'ECONNREFUSED' && error.code !== 'ETIMEDOUT')) return;
    this.noteFailedAttempt({ kind: request.kind, host: request.host ?? '', port: request.port, code: error.code, time: Date.now() });
  }

  /** A connect that was refused or timed out. */
  noteFailedAttempt(failed: FailedAttempt): void {
    const row = {
      type: 'error',
      sessionId: '',
      seq: 0,
      time: failed.time,
      code: failed.code,
      message: '',
      problem: { key: 'refused' },
      peer: { host: failed.host, port: failed.port },
    } as unknown as LogRow;
    this.attempt = { failed, mapper: mapRows(failed.kind, [row]) };
    this.changed();
  }

  clearFailedAttempt(): void {
    if (this.attempt === null) return;
    this.attempt = null;
    this.changed();
  }

  get failedAttempt(): { failed: FailedAttempt; mapper: StepMapper } | null {
    return this.attempt;
  }
}

export const diagramFeed = new DiagramFeed();
