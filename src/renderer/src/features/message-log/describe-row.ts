// What a log row says in words: events become sentences, data rows show their payload.
import type { TFunction } from 'i18next';
import { formatHostPort } from '../../../../shared/address';
import { toEscaped, toHex } from '../../../../shared/codec';
import type { Endpoint, FloodInfo, LogRow } from '../../../../shared/contract';
import { formatNumber } from '../../lib/format-number';
import { sayProblem } from '../../lib/problem-text';
import { formatBytes } from '../status-bar/format-bytes';
import { securedSummary } from '../tls/secured-summary';

/** text; hex; or hex beside its ASCII (printable bytes as they are, the rest as "."), as hex editors show it. */
export type PayloadView = 'text' | 'hex' | 'hex-ascii';

/** Printable ASCII as it is, every other byte a dot: the right-hand column of a hex editor. */
export function asciiOf(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  return out;
}

export const endpointText = (e: Endpoint | undefined): string => (e ? formatHostPort(e.host, e.port) : '');

export function timeText(time: number): string {
  const d = new Date(time);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function directionOf(row: LogRow): 'in' | 'out' | 'event' | 'error' {
  if (row.type === 'data') return row.direction;
  return row.type === 'error' ? 'error' : 'event';
}

/** A data row's length ("12 bytes"); empty for events. */
export const sizeText = (row: LogRow, t: TFunction): string =>
  row.type === 'data' ? t('log.rowBytes', { count: row.size ?? row.bytes.length }) : '';

/**
 * What a screen reader says for a row: "14:02:03.123 in 127.0.0.1:50123 12 bytes: hello". It holds
 * the row's visible words in the same order, so speech input can name the row by what it shows.
 */
export function rowName(row: LogRow, view: PayloadView, t: TFunction): string {
  const head = [timeText(row.time), t(`direction.${directionOf(row)}`), endpointText(row.peer), sizeText(row, t)]
    .filter((part) => part !== '')
    .join(' ');
  return t('log.rowName', { head, summary: rowSummary(row, view, t) });
}

/** The main cell of a row: payload for data, a sentence for everything else. */
export function rowSummary(row: LogRow, view: PayloadView, t: TFunction): string {
  switch (row.type) {
    case 'data': {
      // `text`: decoded main-side in the session's encoding when that is not UTF-8.
      const body =
        view === 'hex'
          ? toHex(row.bytes)
          : view === 'hex-ascii'
            ? `${toHex(row.bytes)}  ${asciiOf(row.bytes)}`
            : (row.text ?? toEscaped(row.bytes));
      const shown = (row.size ?? 0) > row.bytes.length ? `${body} …` : body;
      // The rest of a framed message when its stream ended: said, so it is not read as a whole one.
      return row.partial ? `${shown} (${t('framing.partial')})` : shown;
    }
    case 'opened':
      return t('event.opened', { peer: endpointText(row.peer), local: endpointText(row.local) });
    case 'listening':
      return t('event.listening', { local: endpointText(row.local) });
    case 'accepted':
      return t('event.accepted', { peer: endpointText(row.peer), id: row.connectionId });
    case 'half-closed':
      if (row.by === 'peer' && row.stillWritable) return t('closeAbort.log.peerHalfClosedOpen', { peer: endpointText(row.peer) });
      return row.by === 'peer' ? t('event.peerHalfClosed', { peer: endpointText(row.peer) }) : t('event.localHalfClosed');
    case 'closed':
      // destroy() and reset say how we closed; every other close reads as before.
      if (row.how !== undefined) return t(`closeAbort.log.closedBy.${row.how}`);
      return t(`event.closed.${row.reason}`, { peer: endpointText(row.peer) });
    case 'error':
      return `${sayProblem(t, row)} (${row.code})`;
    case 'notice':
      return sayProblem(t, row);
    case 'flood':
      return floodSummary(row.phase, row.flood, t);
    case 'secured':
      return securedSummary(row.tls, t);
  }
}

/** The traffic generator's summary rows (one when it starts, one a second, one when it ends). */
function floodSummary(phase: 'started' | 'progress' | 'ended', f: FloodInfo, t: TFunction): string {
  // Digit grouping with commas reads the same in English and Korean.
  const n = (x: number): string => formatNumber(Math.round(x), 'en-US');
  const { size, payload, rate, count, duration } = f.settings;
  if (phase === 'started') {
    const pace = rate === null ? t('event.flood.pace.max') : t('event.flood.pace.rate', { rate: n(rate) });
    const limit =
      count !== null
        ? t('event.flood.limit.count', { count: n(count) })
        : duration !== null
          ? t('event.flood.limit.duration', { seconds: duration })
          : t('event.flood.limit.none');
    const target = f.target === 'all' ? t('event.flood.allClients') : f.target;
    return t('event.flood.started', { target, size: n(size), payload: t(`event.flood.payload.${payload}`), pace, limit });
  }
  const params = { messages: n(f.messages), bytes: formatBytes(f.bytes), rate: n(f.rate), errors: n(f.errors) };
  if (phase === 'progress') return t('event.flood.progress', params);
  return t('event.flood.ended', { ...params, state: t(`event.flood.state.${f.state}`) });
}
