// Python from a recorded session, in the tutorials' style: `with socket.socket(...) as s`, sendall, recv(1024).
import { fromEvent, type ScriptPayload, type ScriptStep, type SessionScript } from './session-script';

const printable = (b: number): boolean => b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c;

/** A bytes literal: b'hello\r\n' for ASCII text, '안녕'.encode() for other text, b'\x01\x02' for binary. */
export function pythonBytes(payload: ScriptPayload): string {
  const { bytes, text } = payload;
  const named: Record<number, string> = { 0x0d: '\\r', 0x0a: '\\n', 0x09: '\\t', 0x27: "\\'", 0x5c: '\\\\' };
  if (text !== null && bytes.every((b) => b < 0x80))
    return `b'${Array.from(bytes, (b) => named[b] ?? (printable(b) ? String.fromCharCode(b) : '')).join('')}'`;
  if (text !== null) return `'${text.replace(/[\\'\r\n\t]/g, (c) => named[c.charCodeAt(0)]!)}'.encode('utf-8')`;
  return `b'${Array.from(bytes, (b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}'`;
}

const show = (script: SessionScript, name: string): string => (script.allText ? `${name}.decode('utf-8')` : `${name}.hex(' ')`);

function header(script: SessionScript, what: string): string[] {
  const lines = [
    `# ${what}, written by \`socket-lab codegen python\` from session ${script.sessionId} (recorded ${script.openedAt}).`,
    '# Each line says which recorded event it came from. Run: python3 this.py [HOST PORT]',
  ];
  if (script.kind.startsWith('tcp'))
    lines.push(
      '# TCP is a byte stream: recv may return fewer bytes than one send (or several sends at once),',
      '# so each receive below loops until it has as many bytes as the recording received.',
    );
  else lines.push('# UDP may lose or reorder datagrams: a receive that waits too long gives up and says so.');
  lines.push('import socket', 'import sys', '');
  lines.push(`HOST = ${JSON.stringify(script.host).replace(/^"|"$/g, "'")}  # ${fromEvent(script.addressFrom)}`);
  lines.push(`PORT = ${script.port}`, 'if len(sys.argv) == 3:', '    HOST, PORT = sys.argv[1], int(sys.argv[2])', '');
  return lines;
}

const family = (host: string): string => (host.includes(':') ? 'socket.AF_INET6' : 'socket.AF_INET');

/** The steps of one TCP conversation on socket `s`, indented by `pad`. */
function tcpSteps(script: SessionScript, steps: ScriptStep[], s: string, pad: string): string[] {
  const out: string[] = [];
  for (const step of steps) {
    const note = fromEvent(step);
    if (step.op === 'send') out.push(`${pad}${s}.sendall(${pythonBytes(step)})  # ${note}`);
    else if (step.op === 'receive') {
      const many = step.messages > 1 ? ` (${step.messages} reads in the recording)` : '';
      out.push(
        `${pad}received = b''  # ${note}: ${step.bytes.length} bytes expected${many}`,
        `${pad}while len(received) < ${step.bytes.length}:`,
        `${pad}    data = ${s}.recv(1024)`,
        `${pad}    if not data:`,
        `${pad}        break`,
        `${pad}    received += data`,
        `${pad}print('Received:', ${show(script, 'received')})`,
      );
    } else if (step.op === 'half-close') out.push(`${pad}${s}.shutdown(socket.SHUT_WR)  # ${note}: no more sends from this side`);
    else
      out.push(
        `${pad}while True:  # ${note}: the peer closed; read to the end of the stream`,
        `${pad}    data = ${s}.recv(1024)`,
        `${pad}    if not data:`,
        `${pad}        break`,
        `${pad}    print('Received:', ${show(script, 'data')})`,
      );
  }
  return out;
}

function udpSteps(script: SessionScript, steps: ScriptStep[], pad: string, server: boolean): string[] {
  const out: string[] = [];
  for (const step of steps) {
    const note = fromEvent(step);
    if (step.op === 'send' && server)
      // Nobody to answer when the datagram before was lost.
      out.push(`${pad}if address is not None:  # ${note}`, `${pad}    s.sendto(${pythonBytes(step)}, address)`);
    else if (step.op === 'send') out.push(`${pad}s.sendto(${pythonBytes(step)}, (HOST, PORT))  # ${note}`);
    else if (step.op === 'receive') {
      out.push(
        `${pad}try:  # ${note}: a datagram of ${step.bytes.length} bytes expected`,
        `${pad}    data, address = s.recvfrom(65535)`,
        `${pad}    print('Received:', ${show(script, 'data')})`,
        `${pad}except socket.timeout:`,
        `${pad}    print('No datagram in time (UDP may lose it)')`,
      );
    }
  }
  return out;
}

export function pythonScript(script: SessionScript): string {
  const lines: string[] = [];
  const steps = script.conversations[0]!.steps;
  switch (script.kind) {
    case 'tcp-client':
      lines.push(...header(script, 'A TCP client'));
      lines.push(`with socket.socket(${family(script.host)}, socket.SOCK_STREAM) as s:`);
      lines.push(`    s.connect((HOST, PORT))  # ${fromEvent(script.addressFrom)}`);
      lines.push(...tcpSteps(script, steps, 's', '    '));
      break;
    case 'tcp-server':
      lines.push(...header(script, 'A TCP server answering as the recorded one did'));
      lines.push(`with socket.socket(${family(script.host)}, socket.SOCK_STREAM) as s:`);
      lines.push('    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)');
      lines.push(`    s.bind((HOST, PORT))  # ${fromEvent(script.addressFrom)}`);
      lines.push('    s.listen()');
      lines.push("    print('Listening on port', s.getsockname()[1], flush=True)");
      script.conversations.forEach((conversation, i) => {
        lines.push(`    # Connection ${i + 1} of ${script.conversations.length} in the recording`);
        lines.push('    conn, addr = s.accept()', '    with conn:', "        print('Connected by', addr)");
        lines.push(...tcpSteps(script, conversation.steps, 'conn', '        '));
      });
      break;
    case 'udp-client':
      lines.push(...header(script, 'A UDP client'));
      lines.push(`with socket.socket(${family(script.host)}, socket.SOCK_DGRAM) as s:`, '    s.settimeout(2)');
      lines.push(...udpSteps(script, steps, '    ', false));
      break;
    case 'udp-server':
      lines.push(...header(script, 'A UDP server answering as the recorded one did'));
      lines.push(`with socket.socket(${family(script.host)}, socket.SOCK_DGRAM) as s:`);
      lines.push(`    s.bind((HOST, PORT))  # ${fromEvent(script.addressFrom)}`);
      lines.push("    print('Listening on port', s.getsockname()[1], flush=True)");
      lines.push('    address = None  # whoever sent the last datagram: the answers go there');
      lines.push('    s.settimeout(30)  # a server waits longer for its clients', ...udpSteps(script, steps, '    ', true));
      break;
  }
  return lines.join('\n') + '\n';
}
