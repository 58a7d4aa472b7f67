// The one owner of every socket session. Commands come in as plain method calls (already
// validated by the contract), events go out to whoever subscribed. No electron here.
import type {
  AutoReplyRule,
  CaptureInfo,
  CloseHow,
  EngineSettings,
  FloodInfo,
  LogFilter,
  LogFilterStatus,
  LogFilterUpdate,
  LogRow,
  OpenSessionInput,
  RecvResult,
  RepeatInfo,
  RowsPage,
  SendTarget,
  SessionInfo,
  SocketEvent,
} from '../../shared/contract';
import type { LooseRuleForm } from '../../shared/rules';
import { EngineError } from './errors';
import { FloodBoard, type FloodOptions } from './generator';
import { RepeatBoard, type RepeatOptions } from './repeater';
import { createSession } from './kinds/registry';
import { defaultStoreLimits, detached, LogBudget, LogStore } from './log-store';
import { LogFilterIndex } from './log-filter';
import { decodeIn, decodeVisible, encodeIn } from './text/encoding';
import { defaultEncoding, type TextEncoding } from '../../shared/encodings';
import { dataDir } from '../data-dir';
import { nodeNetwork, type Network } from './network';
import { namePortHolder } from './port-holder';
import type { SendOptions, SendReport, SessionBase, SessionHooks } from './session-base';
import { sendFile, type FileSendOptions, type FileSource } from './file-send';
import { CaptureBoard, type CaptureOptions } from './taps/capture';
import type { ImpairSettings } from '../../shared/impair';

export interface EngineListener {
  /** Every event, full payload, in order (the CLI prints these). */
  event?(event: SocketEvent, row: LogRow): void;
  /** A session's state or counters changed, or it was removed. */
  sessionChanged?(sessionId: string, removed: boolean): void;
}

export interface EngineOptions {
  /** The log budget of the whole engine, every session together (default 96 MiB): past it the
   * oldest rows of any session are dropped. Rows are counted as measured (log-store.ts). */
  logBudgetBytes?: number;
  /** Entries the logs of the whole engine hold at most (default 1,000,000). */
  logMaxEntries?: number;
  /** Where sockets come from: node:net / node:dgram by default; tests pass one that refuses every address outside loopback. */
  network?: Network;
  /** The app's data folder (data-dir.ts), where a TLS server keeps the certificate it makes; default: the usual one. */
  dataDir?: string;
}

interface Entry {
  session: SessionBase;
  log: LogStore;
  /**
   * One filter per session, shared by every window that shows it (each learns it from the batch):
   * a filter per window would need a window identity in every command, and a lifetime for the
   * filters of windows that vanish, for what a person sees as one log anyway.
   */
  filter?: LogFilterIndex;
  /** The text encoding rows are shown and text composed in (see setEncoding). */
  encoding: TextEncoding;
  /** The id of the latest setFilter, a removal included, so windows can tell the newest word. */
  filterId?: number;
}

export class Engine {
  private readonly sessions = new Map<string, Entry>();
  private readonly listeners = new Set<EngineListener>();
  private nextId = 1;
  private nextFilterId = 1;
  /** Sessions with a file send under way (at most one each). */
  private readonly fileSends = new Set<string>();
  private readonly logBudget: LogBudget;
  private readonly network: Network;
  /** As given: resolved when a session first needs the folder (a TLS server's made certificate), not at start. */
  private readonly chosenDataDir: string | undefined;
  /** Record-to-file per session: subscribes only while a recording runs, so it costs nothing otherwise. */
  private readonly captures = new CaptureBoard(this, (sessionId) => {
    if (this.sessions.has(sessionId)) this.notifyChanged(sessionId);
  });
  /** Traffic generators, at most one running per session (generator.ts); each window learns of them with the session. */
  private readonly floods = new FloodBoard((sessionId) => {
    if (this.sessions.has(sessionId)) this.notifyChanged(sessionId);
  });
  /** Repeated sends, at most one running per session (repeater.ts); their countdown rides with the session. */
  private readonly repeats = new RepeatBoard((sessionId) => {
    if (this.sessions.has(sessionId)) this.notifyChanged(sessionId);
  });

  constructor(options: EngineOptions = {}) {
    this.logBudget = new LogBudget(
      {
        maxBytes: options.logBudgetBytes ?? defaultStoreLimits.maxBytes,
        maxEntries: options.logMaxEntries ?? defaultStoreLimits.maxEntries,
      },
      // Another session's traffic dropped this one's oldest rows: its window learns the new bounds.
      (store) => {
        if (this.sessions.has(store.owner)) this.notifyChanged(store.owner);
      },
    );
    this.network = options.network ?? nodeNetwork;
    this.chosenDataDir = options.dataDir;
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens a session and waits until it is connected / listening / bound; on failure nothing is kept. */
  async open(input: OpenSessionInput): Promise<SessionInfo> {
    const id = `s${this.nextId++}`;
    const log = new LogStore(this.logBudget, id);
    const hooks: SessionHooks = {
      event: (event) => {
        const row = log.append(event);
        for (const l of this.listeners) l.event?.(event, row);
      },
      changed: (sessionId) => {
        if (this.sessions.has(sessionId)) for (const l of this.listeners) l.sessionChanged?.(sessionId, false);
      },
    };
    const chosen = this.chosenDataDir;
    const session = await createSession(id, input, hooks, this.network, {
      get dataDir() {
        return dataDir(chosen);
      },
    });
    const encoding = input.encoding ?? defaultEncoding;
    if (encoding !== defaultEncoding) {
      try {
        session.useEncoding(encoding); // reply texts in the session's encoding; one it cannot write is refused here
      } catch (err) {
        log.dispose();
        throw err;
      }
    }
    this.sessions.set(id, { session, log, encoding });
    this.notifyChanged(id);
    try {
      await session.start();
    } catch (err) {
      this.sessions.delete(id);
      log.dispose();
      for (const l of this.listeners) l.sessionChanged?.(id, true);
      // "In use by another program" is wrong when the holder is one of ours: then it names the session.
      throw namePortHolder(err, input, this.list());
    }
    return this.info(id);
  }

  private entry(sessionId: string): Entry {
    const entry = this.sessions.get(sessionId);
    if (!entry) throw new EngineError('NO_SESSION', { key: 'noSession', params: { id: sessionId } });
    return entry;
  }

  async close(sessionId: string): Promise<SessionInfo> {
    const { session } = this.entry(sessionId);
    await this.floods.halt(sessionId);
    await this.repeats.halt(sessionId);
    await session.close();
    return this.info(sessionId);
  }

  /** Closes the session if needed and forgets it and its log. */
  async remove(sessionId: string): Promise<void> {
    const { session, log } = this.entry(sessionId);
    await this.floods.forget(sessionId);
    await this.repeats.forget(sessionId);
    if (session.isOpen) await session.close();
    await this.captures.forget(sessionId);
    this.sessions.delete(sessionId);
    log.dispose();
    for (const l of this.listeners) l.sessionChanged?.(sessionId, true);
  }

  /** `options` lets the command layer watch a long send and cancel it between chunks. */
  send(sessionId: string, bytes: Uint8Array, to: SendTarget = { kind: 'default' }, options?: SendOptions): Promise<SendReport> {
    const { session } = this.entry(sessionId);
    // A file send writes its pieces straight to the socket: a send between two of them would land inside the file.
    if (this.fileSends.has(sessionId)) throw new EngineError('BUSY', { key: 'fileSendBusy' });
    return session.send(bytes, to, options);
  }

  /**
   * Streams a file (or the CLI's stdin) from the session's socket (file-send.ts); refused at once when it
   * cannot send, or while another file send of the session runs. Other sends wait for its end (see send).
   */
  sendFile(sessionId: string, source: FileSource, to: SendTarget, options: FileSendOptions): Promise<SendReport> {
    const { session } = this.entry(sessionId);
    if (this.fileSends.has(sessionId)) throw new EngineError('BUSY', { key: 'fileSendBusy' });
    const running = sendFile(session, source, to, options);
    this.fileSends.add(sessionId);
    return running.finally(() => this.fileSends.delete(sessionId));
  }

  disconnect(sessionId: string, connectionId: string): void {
    this.entry(sessionId).session.disconnect(connectionId);
  }

  halfClose(sessionId: string, connectionId?: string): void {
    this.entry(sessionId).session.halfClose(connectionId);
  }

  /** TCP: end() is a half-close (FIN); destroy() and reset close at once, the log saying which. */
  closeConnection(sessionId: string, connectionId: string | undefined, how: CloseHow): void {
    const session = this.entry(sessionId).session;
    if (how === 'end') session.halfClose(connectionId);
    else session.closeConnection(connectionId, how);
  }

  /** TCP in manual read mode: one read of at most `max` bytes, logged as a data-in row. */
  recv(sessionId: string, connectionId: string | undefined, max: number, waitMs: number): Promise<RecvResult> {
    return this.entry(sessionId).session.recv(connectionId, max, waitMs);
  }

  /** UDP: new simulated network problems while open (null: off); said in the log, counted in the session's info. */
  setImpair(sessionId: string, settings: ImpairSettings | null): SessionInfo {
    this.entry(sessionId).session.setImpair(settings);
    this.notifyChanged(sessionId);
    return this.info(sessionId);
  }

  /** UDP: joins a multicast group while the socket is open (a refusal names the field it concerns). */
  joinGroup(sessionId: string, group: string, iface: string | undefined): SessionInfo {
    const { session } = this.entry(sessionId);
    session.joinGroup(group, iface);
    this.notifyChanged(sessionId);
    return this.info(sessionId);
  }

  leaveGroup(sessionId: string, group: string, iface: string | undefined): SessionInfo {
    const { session } = this.entry(sessionId);
    session.leaveGroup(group, iface);
    this.notifyChanged(sessionId);
    return this.info(sessionId);
  }

  setAutoReply(sessionId: string, rule: AutoReplyRule): SessionInfo {
    const { session } = this.entry(sessionId);
    session.setAutoReply(rule);
    return this.info(sessionId);
  }

  /**
   * Changes the session's text encoding: rows fetched from now on carry their text in it, and a text
   * filter is searched for in it (one it cannot write is removed, as it could match nothing).
   */
  setEncoding(sessionId: string, encoding: TextEncoding): SessionInfo {
    const entry = this.entry(sessionId);
    entry.session.useEncoding(encoding); // refused (nothing changed) when a reply's text cannot be written in it
    entry.encoding = encoding;
    const filter = entry.filter?.filter;
    if (filter && filter.mode === 'text' && filter.query !== '') {
      try {
        this.setFilter(sessionId, filter);
      } catch {
        this.setFilter(sessionId, null);
      }
    }
    this.notifyChanged(sessionId);
    return this.info(sessionId);
  }

  /** Text to bytes in the session's encoding (or `encoding`); a character it cannot write is refused at "text". */
  encodeText(sessionId: string, text: string, encoding?: TextEncoding): Uint8Array {
    const result = encodeIn(text, encoding ?? this.entry(sessionId).encoding);
    if (!result.ok) throw new EngineError('INVALID_INPUT', result.problem, 'text');
    return result.bytes;
  }

  /** Bytes as the exact text they are in the session's encoding, or null when they are not (written back, they would differ). */
  decodeText(sessionId: string, bytes: Uint8Array): { text: string | null } {
    const encoding = this.entry(sessionId).encoding;
    const text = decodeIn(bytes, encoding);
    const back = encodeIn(text, encoding);
    const same = back.ok && back.bytes.length === bytes.length && back.bytes.every((b, i) => b === bytes[i]);
    return { text: same ? text : null };
  }

  /** The session's encoding. */
  encoding(sessionId: string): TextEncoding {
    return this.entry(sessionId).encoding;
  }

  /**
   * Rows on their way to a window, with their text decoded when the session's encoding is not UTF-8:
   * computed for the rows a window is sent only, never per packet.
   */
  withText(sessionId: string, rows: LogRow[]): LogRow[] {
    const encoding = this.sessions.get(sessionId)?.encoding ?? defaultEncoding;
    if (encoding === defaultEncoding) return rows;
    return rows.map((row) => (row.type === 'data' ? { ...row, text: decodeVisible(row.bytes, encoding) } : row));
  }

  /** Replaces a server's or UDP socket's rules (an empty list removes them); their hit counts start again. */
  setRules(sessionId: string, rules: readonly LooseRuleForm[]): SessionInfo {
    const { session } = this.entry(sessionId);
    session.setRules(rules);
    return this.info(sessionId);
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((e) => this.withCapture(e.session.info()));
  }

  info(sessionId: string): SessionInfo {
    return this.withCapture(this.entry(sessionId).session.info());
  }

  private withCapture(info: SessionInfo): SessionInfo {
    const capture = this.captures.info(info.id);
    const flood = this.floods.info(info.id);
    if (flood) info.flood = flood;
    const repeat = this.repeats.info(info.id);
    if (repeat) info.repeat = repeat;
    info.encoding = this.sessions.get(info.id)?.encoding ?? defaultEncoding;
    return capture ? { ...info, capture } : info;
  }

  /** Starts the session's traffic generator (generator.ts): refused at once when it cannot send. */
  startFlood(sessionId: string, options: FloodOptions): FloodInfo {
    return this.floods.start(this.entry(sessionId).session, options);
  }

  /** Stops the session's traffic generator; answers its final figures. */
  stopFlood(sessionId: string): Promise<FloodInfo> {
    this.entry(sessionId);
    return this.floods.stop(sessionId);
  }

  /** Settles with the final figures once the session's latest flood has ended (the CLI and the benchmark wait on it). */
  floodDone(sessionId: string): Promise<FloodInfo> {
    this.entry(sessionId);
    return this.floods.whenDone(sessionId);
  }

  /** Starts sending a payload every N ms (repeater.ts), through the session's own send. */
  startRepeat(sessionId: string, options: RepeatOptions): RepeatInfo {
    const { session, encoding } = this.entry(sessionId);
    if (!session.isOpen) throw new EngineError('CLOSED', { key: 'socketClosed' });
    // A text payload goes out in the session's encoding, as the composer's Send does.
    return this.repeats.start(sessionId, (bytes, to) => this.send(sessionId, bytes, to), { ...options, encoding });
  }

  /** Stops the session's repeat; answers its final figures. */
  stopRepeat(sessionId: string): Promise<RepeatInfo> {
    this.entry(sessionId);
    return this.repeats.stop(sessionId);
  }

  /** Settles with the final figures once the session's latest repeat has ended (the CLI waits on it). */
  repeatDone(sessionId: string): Promise<RepeatInfo> {
    this.entry(sessionId);
    return this.repeats.whenDone(sessionId);
  }

  /** Starts recording every event of the session to `options.path` (see taps/capture.ts). */
  async startCapture(sessionId: string, options: CaptureOptions): Promise<CaptureInfo> {
    this.entry(sessionId);
    return this.captures.start(sessionId, options);
  }

  /** The session's recording as it stands (cheap: no session description built). */
  captureInfo(sessionId: string): CaptureInfo | null {
    return this.captures.info(sessionId);
  }

  /** Stops the session's recording: the summary line is written and the file closed. */
  async stopCapture(sessionId: string): Promise<CaptureInfo> {
    this.entry(sessionId);
    return this.captures.stop(sessionId);
  }

  rows(sessionId: string, from: number, count: number): RowsPage {
    const { log, filter } = this.entry(sessionId);
    const page = log.page(from, count);
    if (page.rows.length > 0) page.rows = this.withText(sessionId, page.rows);
    return filter ? { ...page, filter: filter.status() } : page;
  }

  /** Sets the session's log filter (null removes it); every held row is scanned before it answers. */
  setFilter(sessionId: string, filter: LogFilter | null): { id: number; filter: LogFilterStatus | null } {
    const entry = this.entry(sessionId);
    let textBytes: Uint8Array | undefined;
    if (filter && filter.mode === 'text' && filter.query !== '' && entry.encoding !== defaultEncoding) {
      // The query is searched for as the bytes the session's peers send for it.
      const encoded = encodeIn(filter.query, entry.encoding);
      if (!encoded.ok) throw new EngineError('INVALID_INPUT', encoded.problem, 'filter.query');
      textBytes = encoded.bytes;
    }
    const id = (entry.filterId = this.nextFilterId++);
    if (filter) entry.filter = new LogFilterIndex(entry.log, filter, id, textBytes);
    else delete entry.filter;
    this.notifyChanged(sessionId);
    return { id, filter: entry.filter?.status() ?? null };
  }

  /** For the update batcher: the filter's matches and where `rows` sit among them, or that it was removed. */
  filterUpdate(sessionId: string, rows: readonly LogRow[]): LogFilterUpdate | undefined {
    const { filter, filterId } = this.entry(sessionId);
    if (filter) return filter.update(rows);
    return filterId === undefined ? undefined : { id: filterId, filter: null };
  }

  /** Matches at positions [from, from + count) of the session's filter, with their real seq. */
  filteredRows(sessionId: string, from: number, count: number): RowsPage {
    const { log, filter } = this.entry(sessionId);
    if (!filter) throw new EngineError('NO_FILTER', { key: 'noFilter' });
    const { rows, status } = filter.page(from, count);
    return { first: log.first, total: log.total, rows: this.withText(sessionId, rows), filter: status };
  }

  /**
   * Whole rows for an export (see export/exporters.ts): from sequence number `from` of the log, or
   * from position `from` of the filter's matches, at most `count` rows and about `maxBytes` of
   * payload (at least one row); `next` is where the following page starts. Read at once: the
   * payloads are views of kept memory.
   */
  exportPage(
    sessionId: string,
    from: number,
    count: number,
    filtered: boolean,
    maxBytes = Infinity,
  ): { rows: LogRow[]; first: number; total: number; next: number } {
    const { log, filter } = this.entry(sessionId);
    if (filtered && !filter) throw new EngineError('NO_FILTER', { key: 'exportNoFilter' }, 'filtered');
    const rows: LogRow[] = [];
    let bytes = 0;
    const take = (row: LogRow | undefined): boolean => {
      if (!row) return true;
      rows.push(row);
      if (row.type === 'data') bytes += row.bytes.byteLength;
      return bytes < maxBytes;
    };
    if (filter && filtered) {
      const status = filter.status();
      let p = Math.max(from, status.first);
      const end = Math.min(from + count, status.total);
      while (p < end && take(filter.wholeRow(p))) p++;
      return { rows, first: status.first, total: status.total, next: Math.max(from, Math.min(end, p + (p < end ? 1 : 0))) };
    }
    let seq = Math.max(from, log.first);
    const end = Math.min(from + count, log.total);
    while (seq < end && take(log.get(seq))) seq++;
    return { rows, first: log.first, total: log.total, next: Math.max(from, Math.min(end, seq + (seq < end ? 1 : 0))) };
  }

  row(sessionId: string, seq: number): LogRow {
    const row = this.entry(sessionId).log.get(seq);
    if (!row) throw new EngineError('NO_ENTRY', { key: 'entryDropped', params: { seq } });
    return this.withText(sessionId, [detached(row)])[0]!;
  }

  /** Forgets the session's rows, or those before `before` only (rows logged since a window's Clear stay). */
  clearLog(sessionId: string, before?: number): void {
    const { log } = this.entry(sessionId);
    if (before === undefined) log.clear();
    else log.dropBefore(before);
    this.notifyChanged(sessionId);
  }

  /** The engine-wide log budget and what the logs hold now. */
  settings(): EngineSettings {
    const { maxBytes, maxEntries } = this.logBudget.limits;
    return { logBudgetBytes: maxBytes, logMaxEntries: maxEntries, logBytes: this.logBudget.bytes, logEntries: this.logBudget.entries };
  }

  /** A new engine-wide log budget, applied at once: a smaller one drops the oldest rows now. */
  setLogBudget(bytes: number): EngineSettings {
    // Every session that loses rows hears of it through the budget's eviction callback.
    this.logBudget.setLimits({ ...this.logBudget.limits, maxBytes: bytes });
    return this.settings();
  }

  /** Closes everything: used on app quit, SIGINT, and after each test. */
  async closeAll(): Promise<void> {
    await this.floods.haltAll();
    await this.repeats.haltAll();
    await Promise.all([...this.sessions.values()].map((e) => e.session.close().catch(() => undefined)));
    // After the sessions, so their closing events are in the files too.
    await this.captures.stopAll();
  }

  private notifyChanged(sessionId: string): void {
    for (const l of this.listeners) l.sessionChanged?.(sessionId, false);
  }
}
