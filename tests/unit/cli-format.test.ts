// How the CLI prints a payload (cut by --max-print, never mid-character) and its summary line.
import { describe, expect, it } from 'vitest';
import { formatEventLine, formatReceived, summaryLine } from '../../src/main/cli-format';
import type { LogRow, SocketEvent } from '../../src/shared/contract';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const data = (bytes: Uint8Array): SocketEvent => ({
  type: 'data',
  sessionId: 's1',
  connectionId: 'c1',
  time: Date.UTC(2025, 0, 1, 12, 30, 15, 250),
  direction: 'in',
  peer: { host: '::1', port: 9000 },
  bytes,
});
const row = (event: SocketEvent): LogRow => ({ ...event, seq: 0 });

describe('--max-print', () => {
  it('shows everything when the payload fits', () => {
    expect(formatReceived(text('hello'), 'text', 5)).toBe('hello\n');
    expect(formatReceived(text('hi'), 'hex', 2)).toBe('68 69\n');
  });

  it('cuts text before a character that would not fit, and says the full length', () => {
    expect(formatReceived(text('안녕'), 'text', 4)).toBe('안… (6 bytes)\n');
    expect(formatReceived(text('안녕'), 'text', 2)).toBe('… (6 bytes)\n');
    expect(formatReceived(text('abc'), 'text', 0)).toBe('… (3 bytes)\n');
  });

  it('cuts hex at the byte', () => {
    expect(formatReceived(text('안녕'), 'hex', 4)).toBe('EC 95 88 EB… (6 bytes)\n');
  });

  it('cuts the escaped payload of a serve line the same way', () => {
    const event = data(text('ab\r\n안녕'));
    expect(formatEventLine(event, row(event), 'text', 6)).toBe('12:30:15.250 in [::1]:9000 10 bytes: ab\\r\\n… (10 bytes)\n');
    expect(formatEventLine(event, row(event), 'text')).toBe('12:30:15.250 in [::1]:9000 10 bytes: ab\\r\\n안녕\n');
  });

  it('leaves json lines whole: they are data for scripts', () => {
    const event = data(text('hello'));
    expect(JSON.parse(formatEventLine(event, row(event), 'json', 1)!)).toMatchObject({ bytes: '68656C6C6F', text: 'hello', length: 5 });
  });
});

describe('the summary line', () => {
  it('says messages and bytes per direction in plain integers', () => {
    expect(summaryLine({ messagesIn: 16_384, bytesIn: 1_073_741_824, messagesOut: 0, bytesOut: 0 })).toBe(
      'summary: in 16384 messages 1073741824 bytes, out 0 messages 0 bytes',
    );
  });
});
