// What the operating system says about a session's TCP sockets (Linux's `ss -tni`), for the lab's OS view:
// zod-free types shared by the engine's reader, the contract and the window.
import type { Problem } from './problems';

/** One socket as `ss` lists it: its state in ss's words (ESTAB, TIME-WAIT, LISTEN...), its queues and timings. */
export interface OsSocketRow {
  /** ss's word for the state: ESTAB, SYN-SENT, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, LAST-ACK, TIME-WAIT, LISTEN... */
  state: string;
  /** As ss prints them: 127.0.0.1:5000, [::1]:5000, 0.0.0.0:*. */
  local: string;
  peer: string;
  localPort: number | null;
  peerPort: number | null;
  /** Bytes received and not read by the program yet (LISTEN: connections waiting for accept). */
  recvQ: number;
  /** Bytes sent and not acknowledged yet (LISTEN: the backlog). */
  sendQ: number;
  /** The kernel's smoothed round-trip time, in milliseconds (null: not measured, e.g. TIME-WAIT). */
  rttMs: number | null;
  /** Segments sent again since the connection began (null: ss did not say). */
  retransmits: number | null;
  /** A running timer: 'timewait' with the time left, 'keepalive', 'on' (retransmission)... */
  timer: { name: string; ms: number | null } | null;
  /** The local end is one of the session's own sockets (on loopback the other end of each connection shows too). */
  mine: boolean;
}

/** What osSockets answers: the rows for the session's local ports, or why the view cannot be had here. */
export type OsSocketsResult =
  { available: true; ports: number[]; rows: OsSocketRow[]; truncated: boolean } | { available: false; problem: Problem };

/** ss's state word (TIME-WAIT) as the RFC writes it (TIME_WAIT); ESTAB is ESTABLISHED, SYN-RECV SYN_RECEIVED. */
export function rfcNameOfSsState(state: string): string {
  const upper = state.toUpperCase();
  if (upper === 'ESTAB') return 'ESTABLISHED';
  if (upper === 'SYN-RECV') return 'SYN_RECEIVED';
  if (upper === 'UNCONN') return 'CLOSED';
  return upper.replace(/-/g, '_');
}
