// Packet Sender's saved packets to a workspace (src/main/workspace/packet-sender.ts and qt-ini.ts): the real
// packets.ini Packet Sender 8.1.1 writes on its first start (tests/fixtures/packet-sender/README.md), its
// JSON export, and Qt's INI escaping (percent-encoded names, quoted values, \x escapes, @Variant numbers).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPacketSender, packetBytes, readPacketSenderFile } from '../../src/main/workspace/packet-sender';
import { parseQtIni, typedValue, unescapeKey, unescapeValue } from '../../src/main/workspace/qt-ini';
import { problemText } from '../../src/shared/problems';
import { checkWorkspace, findMessage, messageBytes, type SavedMessage } from '../../src/shared/workspace';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '..', 'fixtures', 'packet-sender', name), 'utf8');

function imported(text: string) {
  const result = importPacketSender(text);
  if (result === null) throw new Error('not a Packet Sender file');
  return result;
}

function message(text: string, name: string): SavedMessage {
  const lookup = findMessage(imported(text).workspace, name, 'w');
  if (!lookup.ok) throw new Error(problemText(lookup.problem));
  return lookup.found.message;
}

const hexOf = (m: SavedMessage): string => Buffer.from(messageBytes(m)).toString('hex');

describe("Qt's INI format", () => {
  it('percent-decodes group and key names, "\\" being a subgroup', () => {
    expect(unescapeKey('DNS%20dannagle.com')).toBe('DNS dannagle.com');
    expect(unescapeKey('1\\name')).toBe('1/name');
    expect(unescapeKey('%UD55C%UAE00')).toBe('한글');
    expect(unescapeKey('100%')).toBe('100%');
  });

  it('reads quoted values, escapes, and a comma list', () => {
    expect(unescapeValue('"47 45 "')).toBe('47 45 ');
    expect(unescapeValue('plain  ')).toBe('plain');
    expect(unescapeValue('"a, \\"b\\""')).toBe('a, "b"');
    expect(unescapeValue('\\xd55c\\xae00 ok')).toBe('한글 ok');
    expect(unescapeValue('a, b')).toBe('a,b');
  });

  it('reads the float Packet Sender stores its repeat in, and plain numbers', () => {
    expect(typedValue(unescapeValue('@Variant(\\0\\0\\0\\x87\\0\\0\\0\\0)'))).toBe(0);
    // 2.5 as a big-endian float: 40 20 00 00
    expect(typedValue(unescapeValue('@Variant(\\0\\0\\0\\x87@ \\0\\0)'))).toBe(2.5);
    expect(typedValue('@@at')).toBe('@at');
    expect(parseQtIni('[a]\nrepeat=1.5\n').get('a/repeat')).toBe('1.5');
  });

  it('reads hexString as Packet Sender does: non-hex characters skipped, pairs from the end', () => {
    expect(Buffer.from(packetBytes('47 45 54 ')).toString('hex')).toBe('474554');
    expect(Buffer.from(packetBytes('41:42')).toString('hex')).toBe('4142');
    // The "0" of "0x" is a hex digit to QByteArray::fromHex too.
    expect(Buffer.from(packetBytes('0x41,0x42')).toString('hex')).toBe('041042');
    expect(Buffer.from(packetBytes('abc')).toString('hex')).toBe('0abc');
  });
});

describe('the packets.ini Packet Sender writes', () => {
  const ini = fixture('packets.ini');

  it('becomes one collection with every listed packet, sorted by name as Packet Sender lists them', () => {
    const result = imported(ini);
    expect(result.imported).toBe(26);
    const names = result.workspace.collections![0]!.messages.map((m) => m.name);
    expect(names[0]).toBe('DNS dannagle.com');
    expect(names).toContain('UDP IPv6 localhost macro');
    expect(checkWorkspace(JSON.parse(JSON.stringify(result.workspace)), 'w').ok).toBe(true);
  });

  it('maps names, payload bytes, targets and protocols', () => {
    const dns = message(ini, 'DNS dannagle.com');
    expect(dns.target).toEqual({ protocol: 'udp', host: '1.1.1.1', port: 53 });
    expect(hexOf(dns)).toBe('f7e3010000010000000000000864616e6e61676c6503636f6d0000010001');
    expect(dns.payload.format).toBe('hex');

    const refused = message(ini, 'TCP connection refused');
    expect(refused.target).toEqual({ protocol: 'tcp', host: '138.197.192.84', port: 200 });
    // Its value was quoted (a trailing space): the bytes are exactly the ones Packet Sender sends.
    expect(Buffer.from(messageBytes(refused)).toString()).toBe('will not connect\r\n');
    expect(refused.payload).toEqual({ format: 'escaped', text: 'will not connect\\r\\n' });

    expect(message(ini, 'SMTP Gmail').target).toEqual({ protocol: 'tls', host: 'smtp.gmail.com', port: 465 });
    expect(message(ini, 'UDP IPv6 localhost macro').target).toEqual({ protocol: 'udp', host: '::1', port: 5000 });
  });

  it('lists what cannot be mapped: HTTP methods, SSL options, macros', () => {
    const { notes } = imported(ini);
    const keys = notes.map((n) => n.key);
    expect(keys.filter((k) => k === 'importHttp')).toHaveLength(7);
    expect(keys.filter((k) => k === 'importSsl')).toHaveLength(5);
    expect(keys.filter((k) => k === 'importMacros')).toHaveLength(3);
    expect(notes.map(problemText)).toContain(
      '"HTTP POST Params": the HTTP request (HTTP Post http://httpbin.org:80/post) cannot be mapped: imported without a target (its payload is the request body).',
    );
    const post = message(ini, 'HTTP POST Params');
    expect(post.target).toBeUndefined();
    expect(post.notes).toBe('Packet Sender: HTTP Post http://httpbin.org:80/post');
  });
});

describe("Packet Sender's JSON export", () => {
  it('maps the same fields, numbers written as text', () => {
    const result = imported(fixture('export.json'));
    expect(result.imported).toBe(3);
    const echo = message(fixture('export.json'), 'Echo, "quoted"');
    expect(echo.target).toEqual({ protocol: 'tcp', host: '127.0.0.1', port: 7 });
    expect(Buffer.from(messageBytes(echo)).toString()).toBe('hello\n');
    expect(result.notes.map((n) => n.key)).toEqual(['importHttp', 'importRepeat']);
  });
});

describe('edge cases written by Qt itself (tests/fixtures/packet-sender/edge-cases.ini)', () => {
  const ini = fixture('edge-cases.ini');

  it('keeps names with commas, quotes, slashes-free unicode and spaces', () => {
    const names = imported(ini).workspace.collections![0]!.messages.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['comma, and "quotes"', '한글 패킷', '  spaced  ', 'semi;colon=equals']));
  });

  it('reads payloads and targets Qt escaped', () => {
    expect(Buffer.from(messageBytes(message(ini, '한글 패킷'))).toString()).toBe('안녕\r\n');
    expect(message(ini, 'comma, and "quotes"').target).toEqual({ protocol: 'udp', host: '127.0.0.1', port: 5005 });
  });

  it('lists every item it cannot map, by name', () => {
    const said = imported(ini).notes.map(problemText);
    expect(said).toContain(
      '"semi;colon=equals": repeat every 2.5 s is not mapped (use Repeat in the window, or send --count N --interval MS).',
    );
    expect(said).toContain('"  spaced  ": the source address 10.0.0.9 is not mapped.');
    expect(said.some((s) => s.startsWith('"bad port": the target is not usable (Port 0 is out of range'))).toBe(true);
    expect(said).toContain('"dtls": "DTLS" is not a protocol Socket Lab knows: imported without a target.');
  });
});

describe('a file that is not from Packet Sender', () => {
  it('is said to be none', () => {
    expect(readPacketSenderFile('just text\n')).toBeNull();
    expect(readPacketSenderFile('{"format": "socket-lab-workspace"}')).toBeNull();
    expect(importPacketSender('[General]\nfoo=1\n')).toBeNull();
  });
});
