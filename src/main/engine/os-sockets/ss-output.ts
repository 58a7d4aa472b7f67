// Reads the text `ss -t -n -i -o -a` prints: one line per socket (state, queues, addresses, timer), then
// an indented line of TCP details (rtt:, retrans:...). Pure: no process is run here.
import type { OsSocketRow } from '../../../shared/os-sockets';

/** "127.0.0.1:5000", "[::1]:5000", "127.0.0.1%lo:5000", "0.0.0.0:*": the port after the last colon. */
export function portOf(address: string): number | null {
  const at = address.lastIndexOf(':');
  if (at < 0) return null;
  const text = address.slice(at + 1);
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

/** ss's durations: "59sec", "8.512ms", "1min23sec", "2min", "1h2min". */
export function durationMs(text: string): number | null {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|sec|min|h)/g)];
  if (parts.length === 0 || parts.map((m) => m[0]).join('') !== text) return null;
  const unit = { ms: 1, sec: 1000, min: 60_000, h: 3_600_000 } as const;
  return parts.reduce((sum, m) => sum + Number(m[1]) * unit[m[2] as keyof typeof unit], 0);
}

/** "timer:(timewait,59sec,0)" -> { name: 'timewait', ms: 59000 }. */
function timerOf(field: string): OsSocketRow['timer'] {
  const m = /^timer:\(([a-z_-]+),([^,)]*)/.exec(field);
  if (!m) return null;
  return { name: m[1]!, ms: durationMs(m[2]!) };
}

const isHeader = (line: string): boolean => /^(State|Netid|Recv-Q)\s/.test(line);

/** Every socket in ss's output, those whose local port is one of `ports` marked as the session's own. */
export function parseSsOutput(text: string, ports: readonly number[]): OsSocketRow[] {
  const own = new Set(ports);
  const rows: OsSocketRow[] = [];
  let last: OsSocketRow | null = null;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) {
      // The details of the socket above.
      if (last) details(last, line);
      continue;
    }
    last = null;
    if (isHeader(line)) continue;
    const fields = line.trim().split(/\s+/);
    // An unknown shape (another ss version's columns): left out rather than misread.
    if (fields.length < 5) continue;
    const [state, recvQ, sendQ, local, peer, ...rest] = fields as [string, string, string, string, string, ...string[]];
    if (!/^\d+$/.test(recvQ) || !/^\d+$/.test(sendQ)) continue;
    const localPort = portOf(local);
    const timerField = rest.find((f) => f.startsWith('timer:('));
    last = {
      state,
      local,
      peer,
      localPort,
      peerPort: portOf(peer),
      recvQ: Number(recvQ),
      sendQ: Number(sendQ),
      rttMs: null,
      retransmits: null,
      timer: timerField ? timerOf(timerField) : null,
      mine: localPort !== null && own.has(localPort),
    };
    rows.push(last);
    // ss -O (one line per socket) puts the details on the same line.
    if (rest.length > 0) details(last, rest.join(' '));
  }
  return rows;
}

/** rtt:0.022/0.011 (smoothed / variance, ms) and retrans:0/3 (now / in all; ss leaves it out while both are 0). */
function details(row: OsSocketRow, line: string): void {
  for (const field of line.trim().split(/\s+/)) {
    const rtt = /^rtt:(\d+(?:\.\d+)?)\//.exec(field);
    if (rtt) {
      row.rttMs = Number(rtt[1]);
      row.retransmits ??= 0;
    }
    const retrans = /^retrans:\d+\/(\d+)$/.exec(field);
    if (retrans) row.retransmits = Number(retrans[1]);
    if (field.startsWith('timer:(')) row.timer ??= timerOf(field);
  }
}
