// The four export formats behind one interface: each turns a session's events, in order, into the
// chunks of a file (text, CSV, NDJSON, pcapng). A format knows nothing of where events come from
// (a live tap or pages of the store) nor of the disk: it hands its chunks to `write`.
import type { Counters, LogRow, SessionInfo, SocketEvent } from '../../../shared/contract';
import { decodeText, toEscaped, toHex } from '../../../shared/codec';
import { formatHostPort } from '../../../shared/address';
import { transportOf } from '../../../shared/kinds';
import { eventWords } from '../log-filter';
import { ndjsonEvent, ndjsonHeader, ndjsonSummary, type NdjsonOptions } from '../taps/ndjson';
import { ConversationSynthesizer } from './conversation';
import { enhancedPacket, interfaceDescription, sectionHeader } from './pcapng';
import { isClientKind } from '../../../shared/kinds';
import type { ExportFormat } from '../../../shared/export-formats';

export { exportFormatOf, exportFormats, type ExportFormat } from '../../../shared/export-formats';

/** One export in progress: events in, in log order; `end` writes what closes the file. */
export interface ExportWriter {
  event(event: SocketEvent, row: LogRow): void;
  end(counters: Counters): void;
}

export type ChunkSink = (chunk: string | Uint8Array) => void;

/** An export's NDJSON: the shared format, payloads in hex with their text beside (as `--format json`). */
const ndjsonOptions: NdjsonOptions = { payload: 'hex', text: true };

export function createExportWriter(format: ExportFormat, session: SessionInfo, write: ChunkSink): ExportWriter {
  switch (format) {
    case 'ndjson':
      return ndjsonWriter(session, write);
    case 'csv':
      return csvWriter(write);
    case 'txt':
      return textWriter(session, write);
    case 'pcapng':
      return pcapngWriter(session, write);
  }
}

function ndjsonWriter(session: SessionInfo, write: ChunkSink): ExportWriter {
  write(ndjsonHeader(session, ndjsonOptions) + '\n');
  return {
    event: (event, row) => write(ndjsonEvent(event, row, ndjsonOptions) + '\n'),
    end: (counters) => write(ndjsonSummary(counters) + '\n'),
  };
}

/** A CSV field, quoted as RFC 4180 says: in double quotes when it holds a comma, a quote or a line break, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export const csvHeader = 'time,seq,event,direction,peer,bytes,text,hex';

function csvWriter(write: ChunkSink): ExportWriter {
  // RFC 4180: lines end in CRLF.
  write(csvHeader + '\r\n');
  return {
    event: (event, row) => {
      const peer = event.peer ? formatHostPort(event.peer.host, event.peer.port) : '';
      const data = event.type === 'data';
      const fields = [
        new Date(event.time).toISOString(),
        String(row.seq),
        event.type,
        data ? event.direction : '',
        peer,
        data ? String(event.bytes.byteLength) : '',
        data ? decodeText(event.bytes) : eventWords(row),
        data ? toHex(event.bytes, '') : '',
      ];
      write(fields.map(csvField).join(',') + '\r\n');
    },
    end: () => undefined,
  };
}

/** One line per event, for people: the time, then the payload as escaped text or the event in words. */
function textWriter(session: SessionInfo, write: ChunkSink): ExportWriter {
  const where = session.local
    ? formatHostPort(session.local.host, session.local.port)
    : formatHostPort(session.target.host, session.target.port);
  write(`# Socket Lab: session ${session.id}, ${session.kind} ${where}, opened ${new Date(session.openedAt).toISOString()}\n`);
  return {
    event: (event, row) => {
      const time = new Date(event.time).toISOString();
      if (event.type !== 'data') return write(`${time} ${eventWords(row)}\n`);
      const peer = formatHostPort(event.peer.host, event.peer.port);
      const partial = event.partial ? ' (partial)' : '';
      write(`${time} ${event.direction} ${peer} ${event.bytes.byteLength} bytes${partial}: ${toEscaped(event.bytes)}\n`);
    },
    end: (c) => write(`summary: in ${c.messagesIn} messages ${c.bytesIn} bytes, out ${c.messagesOut} messages ${c.bytesOut} bytes\n`),
  };
}

/** What the section comment says first: readers must not take the headers for a capture. */
export const pcapngNotice =
  'Exported by Socket Lab. The IP, TCP and UDP headers in this file are synthesized by Socket Lab from its log, not captured: ' +
  'the payloads are the bytes the application sent and received (TLS: after decryption), sequence numbers, ' +
  'handshakes and acknowledgements are made up to match them, and Socket Lab events are packet comments.';

function pcapngWriter(session: SessionInfo, write: ChunkSink): ExportWriter {
  const transport = transportOf(session.kind) === 'udp' ? 'udp' : 'tcp';
  const where = session.local ? ` on ${formatHostPort(session.local.host, session.local.port)}` : '';
  const comment = `${pcapngNotice}\nSession ${session.id}: ${session.kind}${where}, opened ${new Date(session.openedAt).toISOString()}.`;
  let started = false;
  const start = (extra: string): void => {
    started = true;
    write(sectionHeader(comment + extra, 'Socket Lab'));
    write(interfaceDescription());
  };
  // The newest packet waits one turn, so a comment with no packet after it rides on the one before.
  let held: { ns: bigint; packet: Uint8Array; comments: string[] } | null = null;
  let lastNs = 0n;
  const flushHeld = (): void => {
    if (!held) return;
    write(enhancedPacket(held.ns, held.packet, held.comments.length > 0 ? held.comments.join('\n') : undefined));
    held = null;
  };
  const synth = new ConversationSynthesizer(
    { transport, client: isClientKind(session.kind), local: session.local },
    (timeMs, packet, comments) => {
      if (!started) start('');
      flushHeld();
      // Events share milliseconds: each packet gets its own nanosecond, so the order survives sorting.
      let ns = BigInt(Math.round(timeMs)) * 1_000_000n;
      if (ns <= lastNs) ns = lastNs + 1n;
      lastNs = ns;
      held = { ns, packet, comments: [...comments] };
    },
  );
  return {
    event: (event) => synth.event(event),
    end: () => {
      const left = synth.takePending();
      if (held) {
        held.comments.push(...left);
        flushHeld();
      } else if (!started) start(left.length > 0 ? `\n${left.join('\n')}` : ''); // no packet at all: the events go in the section comment
    },
  };
}
