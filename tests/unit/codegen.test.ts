// The "Copy as code" generators without sockets: how a recording is read into steps, and how bytes are written in each language.
import { describe, expect, it } from 'vitest';
import { generateCode, readSessionScript } from '../../src/shared/codegen';
import { cBytes } from '../../src/shared/codegen/c';
import { nodeBytes } from '../../src/shared/codegen/node';
import { pythonBytes } from '../../src/shared/codegen/python';
import { readableText } from '../../src/shared/codegen/session-script';

const payload = (bytes: number[]) => {
  const u = Uint8Array.from(bytes);
  return { bytes: u, text: readableText(u) };
};
const utf8 = (text: string) => payload([...new TextEncoder().encode(text)]);

const header = (kind: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'header',
    version: 1,
    payload: 'hex',
    session: {
      id: 's1',
      kind,
      local: { host: '127.0.0.1', port: 7000 },
      remote: kind === 'tcp-client' ? { host: '::1', port: 7001 } : null,
      framing: 'none: a message is a read chunk',
      openedAt: '2026-01-01T00:00:00.000Z',
      ...extra,
    },
  });
const data = (seq: number, direction: 'in' | 'out', hex: string, connectionId = 'c1', peer = { host: '127.0.0.1', port: 9 }) =>
  JSON.stringify({
    seq,
    type: 'data',
    direction,
    connectionId,
    peer,
    bytes: hex,
    time: `2026-01-01T00:00:0${seq}.000Z`,
    length: hex.length / 2,
  });

describe('bytes in each language', () => {
  it('writes ASCII text as text, escaping what a literal needs', () => {
    expect(pythonBytes(utf8("it's \\ ok\r\n"))).toBe("b'it\\'s \\\\ ok\\r\\n'");
    expect(nodeBytes(utf8('hi "x"\n'))).toBe('Buffer.from("hi \\"x\\"\\n")');
    expect(cBytes(utf8('a"b?\t'))).toBe('"a\\"b\\?\\t"');
  });

  it('writes other UTF-8 text as text in Python and Node, and as bytes in C', () => {
    expect(pythonBytes(utf8('안녕'))).toBe("'안녕'.encode('utf-8')");
    expect(nodeBytes(utf8('안녕'))).toBe('Buffer.from("안녕")');
    expect(cBytes(utf8('안'))).toBe('{0xec, 0x95, 0x88}');
  });

  it('writes binary payloads as byte literals', () => {
    const binary = payload([0x01, 0x00, 0xff, 0x61]);
    expect(binary.text).toBeNull();
    expect(pythonBytes(binary)).toBe("b'\\x01\\x00\\xff\\x61'");
    expect(nodeBytes(binary)).toBe('Buffer.from([0x01, 0x00, 0xff, 0x61])');
    expect(cBytes(binary)).toBe('{0x01, 0x00, 0xff, 0x61}');
  });
});

describe('reading a recording into a script', () => {
  it('joins consecutive TCP reads into one wait for their total, keeping the first event as its source', () => {
    const read = readSessionScript(
      [header('tcp-client'), data(1, 'out', '6869'), data(2, 'in', '48'), data(3, 'in', '49')].join('\n'),
      'x',
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.script).toMatchObject({ kind: 'tcp-client', host: '::1', port: 7001 });
    const [send, receive] = read.script.conversations[0]!.steps;
    expect(send).toMatchObject({ op: 'send', seq: 1, text: 'hi' });
    expect(receive).toMatchObject({ op: 'receive', seq: 2, messages: 2, text: 'HI' });
  });

  it('keeps each UDP datagram its own receive, and a socket that heard first answers as a server', () => {
    const read = readSessionScript(
      [
        header('udp', { framing: 'datagram: a message is one datagram' }),
        data(1, 'in', '61'),
        data(2, 'in', '62'),
        data(3, 'out', '41'),
      ].join('\n'),
      'x',
    );
    expect(read.ok && read.script.kind).toBe('udp-server');
    expect(read.ok && read.script.conversations[0]!.steps.map((s) => s.op)).toEqual(['receive', 'receive', 'send']);
  });

  it("gives a server one block per recorded connection, in accept order, and names each line's event", () => {
    const lines = [
      header('tcp-server'),
      data(1, 'in', '61', 'c1'),
      data(2, 'out', '61', 'c1'),
      data(3, 'in', '62', 'c2'),
      data(4, 'out', '62', 'c2'),
    ];
    const made = generateCode('python', lines.join('\n'), 'x');
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.code).toContain('# Connection 1 of 2 in the recording');
    expect(made.code).toContain('# Connection 2 of 2 in the recording');
    expect(made.code).toContain("conn.sendall(b'b')  # event seq 4, 00:00:04.000 UTC");
    expect(made.code).toContain('socket.AF_INET, socket.SOCK_STREAM');
  });

  it('names the problem for each kind of bad input', () => {
    const keyOf = (text: string) => {
      const read = readSessionScript(text, 'x');
      return read.ok ? null : read.problem.key;
    };
    expect(keyOf('')).toBe('codegenEmpty');
    expect(keyOf('not json')).toBe('codegenNotNdjson');
    expect(keyOf('[1]')).toBe('codegenNotNdjson');
    expect(keyOf('{"type":"summary"}')).toBe('codegenNotSocketLab');
    expect(keyOf(header('tcp-client').replace('"version":1', '"version":7'))).toBe('codegenVersion');
    expect(keyOf(header('tls-server') + '\n' + data(1, 'in', '61'))).toBe('codegenKindUnsupported');
    expect(keyOf(header('tcp-client', { framing: 'len:2: a message is one frame' }) + '\n' + data(1, 'in', '61'))).toBe('codegenFramed');
    expect(keyOf(header('tcp-client') + '\n' + data(1, 'in', '6'))).toBe('codegenNotSocketLab');
    expect(keyOf(header('tcp-client'))).toBe('codegenEmpty');
  });
});
