// The window's side of the log filter: what is typed in each session's filter box, the engine's
// filter (one per session, shared by every window that shows it), and the matching rows around
// what is on screen, cached by their position in the engine's match list.
import { parseHex } from '../../../shared/codec';
import type { FilterMode, LogDirection, LogFilterStatus, LogFilterUpdate, LogRow, Problem, UpdateBatch } from '../../../shared/contract';
import { api } from '../api';
import { ChangeSignal } from '../lib/change-signal';

export interface FilterDraft {
  query: string;
  mode: FilterMode;
  matchCase: boolean;
  directions: LogDirection[];
  peer: string;
}

export const emptyDraft: FilterDraft = { query: '', mode: 'text', matchCase: false, directions: [], peer: '' };

/** The filter that applies now: its status, and matching rows by position. */
export interface FilteredLog {
  status: LogFilterStatus;
  rows: Map<number, LogRow>;
}

/** A mistake in the draft (a bad hex query) or the engine's answer to it, at the field it concerns. */
export interface FilterProblem {
  field: 'query' | 'peer';
  message: string;
  problem?: Problem | undefined;
}

interface SessionFilter {
  draft: FilterDraft;
  problem: FilterProblem | null;
  filtered: FilteredLog | null;
  /** The newest filter id heard of: words about older ones (a batch built before our change) are stale. */
  known: number;
  /** Edits made, and the newest edit the engine answered: while they differ the box keeps what is typed. */
  edits: number;
  answered: number;
  timer: ReturnType<typeof setTimeout> | null;
  loaded: boolean;
}

const maxCachedRows = 6000;
const fetchChunk = 500;

/** Nothing asked: no filter at all. */
export const isEmptyDraft = (d: FilterDraft): boolean => d.query === '' && d.peer.trim() === '' && d.directions.length === 0;

class LogFilterStore extends ChangeSignal {
  private readonly sessions = new Map<string, SessionFilter>();
  private readonly inFlight = new Set<string>();
  private readonly visible = new Map<string, [number, number]>();

  constructor() {
    super();
    api.onUpdate((batch) => this.apply(batch));
  }

  private session(id: string): SessionFilter {
    let s = this.sessions.get(id);
    if (!s) {
      s = { draft: emptyDraft, problem: null, filtered: null, known: 0, edits: 0, answered: 0, timer: null, loaded: false };
      this.sessions.set(id, s);
    }
    return s;
  }

  draft = (id: string): FilterDraft => this.sessions.get(id)?.draft ?? emptyDraft;
  problem = (id: string): FilterProblem | null => this.sessions.get(id)?.problem ?? null;
  filtered = (id: string): FilteredLog | null => this.sessions.get(id)?.filtered ?? null;

  /** The first time a session is shown: learn whether it already has a filter (set before a reload, or in another tab). */
  load(id: string): void {
    const s = this.session(id);
    if (s.loaded) return;
    s.loaded = true;
    void api.getRows({ sessionId: id, from: 0, count: 0 }).then((r) => {
      if (r.ok && r.value.filter) this.take(id, r.value.filter, [], false);
    });
  }

  /** Typing waits a moment (`delayMs`) so each key does not start a scan; toggles apply at once. */
  edit(id: string, patch: Partial<FilterDraft>, delayMs = 0): void {
    const s = this.session(id);
    s.draft = { ...s.draft, ...patch };
    s.edits++;
    s.problem = null;
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    // Checked here with the composer's parser, so a bad hex query is pointed at before any round trip.
    if (s.draft.mode === 'hex') {
      const parsed = parseHex(s.draft.query);
      if (!parsed.ok) s.problem = { field: 'query', message: parsed.error.message, problem: parsed.error.problem };
    }
    if (!s.problem) {
      if (delayMs > 0) s.timer = setTimeout(() => this.send(id), delayMs);
      else this.send(id);
    }
    this.changed();
  }

  /** Escape or the clear button: no filter, for every window showing the session. */
  clear(id: string): void {
    const s = this.session(id);
    if (isEmptyDraft(s.draft) && !s.filtered && !s.problem) return;
    this.edit(id, emptyDraft);
  }

  private send(id: string): void {
    const s = this.session(id);
    s.timer = null;
    const edit = s.edits;
    const filter = isEmptyDraft(s.draft) ? null : s.draft;
    void api.setFilter({ sessionId: id, filter }).then((r) => {
      const current = this.sessions.get(id);
      if (!current) return;
      if (r.ok) {
        if (r.value.filter) this.take(id, r.value.filter, [], true);
        else this.take(id, { id: r.value.id, filter: null }, [], true);
      } else if (current.edits === edit) {
        const field = r.error.field?.endsWith('peer') ? 'peer' : 'query';
        current.problem = { field, message: r.error.message, problem: r.error.problem };
      }
      current.answered = Math.max(current.answered, edit);
      this.changed();
    });
  }

  /**
   * The engine's word on the filter (a batch, a page, an answer). `ours`: the answer to this
   * window's own change, which never replaces what is typed.
   */
  private take(id: string, update: LogFilterUpdate | LogFilterStatus, rows: readonly LogRow[], ours: boolean): void {
    const s = this.session(id);
    if (update.id < s.known) return;
    const newer = update.id > s.known;
    s.known = update.id;
    if (update.filter === null) s.filtered = null;
    else {
      const status: LogFilterStatus = {
        id: update.id,
        filter: update.filter,
        first: update.first,
        total: update.total,
        matches: update.matches,
      };
      if (!s.filtered || newer) s.filtered = { status, rows: new Map() };
      // Answers and batches may cross: the bounds only ever grow.
      else if (status.total >= s.filtered.status.total && status.first >= s.filtered.status.first) s.filtered.status = status;
      const f = s.filtered;
      for (const position of f.rows.keys()) if (position < f.status.first) f.rows.delete(position);
      if ('tail' in update && update.tail.length > 0) {
        const bySeq = new Map(rows.map((r) => [r.seq, r]));
        for (const { position, seq } of update.tail) {
          const row = bySeq.get(seq);
          if (row) f.rows.set(position, row);
        }
        this.prune(id, f);
      }
    }
    // Another window changed the filter: show its filter in the box too, unless this one is being edited.
    if (newer && !ours && s.edits === s.answered && !s.timer) {
      s.draft = update.filter === null ? emptyDraft : { ...update.filter };
      s.problem = null;
    }
  }

  private apply(batch: UpdateBatch): void {
    let touched = false;
    for (const id of batch.removed) touched = this.sessions.delete(id) || touched;
    for (const update of batch.logs) {
      if (!update.filter) continue;
      this.take(update.sessionId, update.filter, update.rows, false);
      touched = true;
    }
    if (touched) this.changed();
  }

  /** Called by the log view with the positions on screen; fetches the matches not cached yet. */
  setVisible(id: string, from: number, to: number): void {
    this.visible.set(id, [from, to]);
    const f = this.filtered(id);
    if (!f || this.inFlight.has(id)) return;
    let missing = -1;
    for (let p = Math.max(from, f.status.first); p < Math.min(to, f.status.total); p++) {
      if (!f.rows.has(p)) {
        missing = p;
        break;
      }
    }
    if (missing === -1) return;
    const start = Math.max(f.status.first, missing - 50);
    const filterId = f.status.id;
    this.inFlight.add(id);
    const count = Math.min(fetchChunk * 2, Math.max(fetchChunk, to - start + 50));
    void api.getRows({ sessionId: id, from: start, count, filtered: true }).then((r) => {
      this.inFlight.delete(id);
      const current = this.filtered(id);
      if (!r.ok || !current || r.value.filter?.id !== filterId || current.status.id !== filterId) return;
      r.value.rows.forEach((row, i) => current.rows.set(start + Math.max(0, r.value.filter!.first - start) + i, row));
      this.take(id, r.value.filter, [], false);
      this.prune(id, current);
      this.changed();
      const [a, b] = this.visible.get(id) ?? [from, to];
      if (r.value.rows.length > 0) this.setVisible(id, a, b);
    });
  }

  /** Keeps the cache bounded: drops the rows farthest from what is on screen. */
  private prune(id: string, f: FilteredLog): void {
    if (f.rows.size <= maxCachedRows) return;
    const [from, to] = this.visible.get(id) ?? [f.status.total - 100, f.status.total];
    const centre = (from + to) / 2;
    const positions = [...f.rows.keys()].sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre));
    for (const p of positions.slice(maxCachedRows * 0.75)) f.rows.delete(p);
  }
}

export const logFilter = new LogFilterStore();
