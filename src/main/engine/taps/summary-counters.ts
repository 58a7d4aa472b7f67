// The summary line's figures for a written session (a capture as it is recorded or read back, an export, Copy
// as code): data messages and bytes per direction, counted row by row as they are written.
import type { Counters, SocketEvent } from '../../../shared/contract';

export const emptyCounters = (): Counters => ({ bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 });

/** Counts a written row as the summary line says it: messages and bytes per direction. */
export function countWritten(counters: Counters, event: SocketEvent): void {
  if (event.type !== 'data') return;
  if (event.direction === 'in') {
    counters.messagesIn++;
    counters.bytesIn += event.bytes.byteLength;
  } else {
    counters.messagesOut++;
    counters.bytesOut += event.bytes.byteLength;
  }
}
