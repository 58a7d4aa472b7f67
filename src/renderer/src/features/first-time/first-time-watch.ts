// Notices, in any session's rows as they come, the behaviours a student meets for the first time: a TCP read
// that joins or splits writes, a UDP datagram nobody answers, a datagram lost under simulation. Each is
// explained once (remembered in settings.json app.teaching.seen); after all three, it does no more work.
import type { LogRow, SessionInfo } from '../../../../shared/contract';
import { decodeText } from '../../../../shared/codec';
import { formatHostPort } from '../../../../shared/address';
import { store } from '../../state/app-store';
import type { GlossaryId, LabToolId } from '../lab/lab-nav';
import { workspace } from '../workspace/workspace-store';
import { linesInRead, StreamBoundaries } from './stream-boundaries';
import { ChangeSignal } from '../../lib/change-signal';

/** What is remembered as seen: one per behaviour, whichever of its variants showed. */
export const firstTimeKeys = ['tcpBoundaries', 'udpUnconfirmed', 'impairDropped'] as const;
export type FirstTimeKey = (typeof firstTimeKeys)[number];

export interface FirstTimeNote {
  key: FirstTimeKey;
  /** Its words under teach.firstTime.<variant>. */
  variant: 'tcpJoined' | 'tcpSplit' | 'tcpLines' | 'udpSilent' | 'udpRefused' | 'dropped';
  params: Record<string, string | number>;
  glossary: GlossaryId;
  tool: LabToolId;
  sessionId: string;
}

/** How long a datagram may go unanswered before it counts as one nobody answered. */
export const udpQuietMs = 1500;
/** Rows looked at per session per change: past a flood's burst, the newest are what a person is watching. */
const maxRowsPerLook = 500;

const endpoint = (e: { host: string; port: number } | null | undefined): string => (e ? formatHostPort(e.host, e.port) : '?');
const isTcp = (info: SessionInfo): boolean => info.kind === 'tcp-client' || info.kind === 'tcp-server';
/** A framed stream logs whole messages, not reads: its rows say nothing about how TCP cut the bytes. */
const logsReads = (info: SessionInfo): boolean => isTcp(info) && (info.stream?.framing ?? 'raw') === 'raw';

class FirstTimeWatch extends ChangeSignal {
  note: FirstTimeNote | null = null;
  private next = new Map<string, number>();
  private boundaries = new StreamBoundaries();
  /** UDP datagrams sent and not answered yet, per session and peer: when they went. */
  private quiet = new Map<string, { sessionId: string; peer: string; time: number }>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private started = false;

  /** Starts watching (once): the store's batches and the kept settings. */
  start(): void {
    if (this.started) return;
    this.started = true;
    store.subscribe(() => this.look());
    workspace.subscribe(() => this.look());
    this.look();
  }

  private seen(key: FirstTimeKey): boolean {
    return workspace.teachingSeen.includes(key);
  }

  dismiss(): void {
    this.note = null;
    this.changed();
  }

  /** "Show explanations again": all of them forgotten, each shows the next time its behaviour does. */
  showAgain(): void {
    workspace.setTeachingSeen(workspace.teachingSeen.filter((k) => !(firstTimeKeys as readonly string[]).includes(k)));
    // Rows already looked at stay looked at: only what happens from now on is explained.
    this.changed();
  }

  private show(note: FirstTimeNote): void {
    if (this.seen(note.key)) return;
    // Seen as soon as shown: a reload does not show it again, even if it was never dismissed.
    workspace.setTeachingSeen([...workspace.teachingSeen, note.key]);
    this.note = note;
    this.changed();
  }

  private look(): void {
    // Until the kept settings are read, what was seen is unknown.
    if (!workspace.started) return;
    if (firstTimeKeys.every((k) => this.seen(k))) {
      this.stopTimer();
      return;
    }
    const portsInWindow = new Set<number>();
    for (const info of store.sessions.values()) if (info.local && isTcp(info)) portsInWindow.add(info.local.port);
    // Every session's new rows, out rows before in rows, so a write is known before the read that holds it.
    const fresh: { info: SessionInfo; row: LogRow }[] = [];
    for (const [id, log] of store.logs) {
      const info = store.sessions.get(id);
      if (!info) continue;
      const from = Math.max(this.next.get(id) ?? log.first, log.first, log.total - maxRowsPerLook);
      for (let seq = from; seq < log.total; seq++) {
        const row = log.rows.get(seq);
        if (row) fresh.push({ info, row });
      }
      this.next.set(id, log.total);
    }
    fresh.sort(
      (a, b) => Number(b.row.type === 'data' && b.row.direction === 'out') - Number(a.row.type === 'data' && a.row.direction === 'out'),
    );
    for (const { info, row } of fresh) this.consider(info, row, portsInWindow);
    this.checkQuiet();
  }

  private consider(info: SessionInfo, row: LogRow, portsInWindow: Set<number>): void {
    if (row.type === 'notice' && row.problem.key === 'impairDropped') {
      this.show({ key: 'impairDropped', variant: 'dropped', params: {}, glossary: 'loss', tool: 'networkProblems', sessionId: info.id });
      return;
    }
    if (info.kind === 'udp') return this.considerUdp(info, row);
    if (row.type !== 'data' || !logsReads(info) || this.seen('tcpBoundaries')) return;
    const local = info.kind === 'tcp-client' ? (info.connections[0]?.local ?? info.local) : info.local;
    if (!local) return;
    const size = row.size ?? row.bytes.byteLength;
    // A flow is named by its two ports: on loopback, where a class runs both ends, they tell it apart.
    if (row.direction === 'out') return this.boundaries.wrote(`${local.port}>${row.peer.port}`, size);
    const flow = `${row.peer.port}>${local.port}`;
    const found = this.boundaries.read(flow, size);
    const base = { key: 'tcpBoundaries' as const, glossary: 'boundary' as const, tool: 'streamDatagram' as const, sessionId: info.id };
    if (found?.kind === 'joined') this.show({ ...base, variant: 'tcpJoined', params: { count: found.count } });
    else if (found?.kind === 'split') this.show({ ...base, variant: 'tcpSplit', params: { size: found.size, count: found.count } });
    else if (!this.boundaries.knowsSender(flow) && !portsInWindow.has(row.peer.port)) {
      const lines = linesInRead(row.text ?? decodeText(row.bytes));
      if (lines >= 2) this.show({ ...base, variant: 'tcpLines', params: { count: lines } });
    }
  }

  private considerUdp(info: SessionInfo, row: LogRow): void {
    if (this.seen('udpUnconfirmed')) return;
    const base = { key: 'udpUnconfirmed' as const, glossary: 'datagram' as const, tool: 'streamDatagram' as const, sessionId: info.id };
    if (row.type === 'error' && row.code === 'ECONNREFUSED') {
      // The engine said so: an ICMP port unreachable reached this socket. Explain that, not silence.
      const last = [...this.quiet.values()].find((q) => q.sessionId === info.id);
      this.show({ ...base, variant: 'udpRefused', params: { peer: last?.peer ?? endpoint(row.peer) } });
      return;
    }
    if (row.type !== 'data') return;
    const key = `${info.id} ${endpoint(row.peer)}`;
    if (row.direction === 'in') this.quiet.delete(key);
    else if (!this.quiet.has(key)) this.quiet.set(key, { sessionId: info.id, peer: endpoint(row.peer), time: row.time });
  }

  /** A datagram unanswered for a while (bounded: the timer runs only while one waits). */
  private checkQuiet(): void {
    const now = Date.now();
    for (const [key, q] of this.quiet)
      if (now - q.time >= udpQuietMs) {
        this.quiet.delete(key);
        const info = store.sessions.get(q.sessionId);
        if (info)
          this.show({
            key: 'udpUnconfirmed',
            variant: 'udpSilent',
            params: { peer: q.peer },
            glossary: 'datagram',
            tool: 'streamDatagram',
            sessionId: info.id,
          });
      }
    if (this.quiet.size > 0 && !this.seen('udpUnconfirmed')) {
      this.timer ??= setInterval(() => this.checkQuiet(), 500);
    } else this.stopTimer();
  }

  private stopTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.seen('udpUnconfirmed')) this.quiet.clear();
  }
}

export const firstTime = new FirstTimeWatch();
