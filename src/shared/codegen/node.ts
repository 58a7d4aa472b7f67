// Node.js from a recorded session: `net` for TCP, `dgram` for UDP, one awaited step per recorded event.
import { fromEvent, type ScriptPayload, type ScriptStep, type SessionScript } from './session-script';

/** Buffer.from("hello\r\n") for text, Buffer.from([0x01, 0x02]) for binary. */
export function nodeBytes(payload: ScriptPayload): string {
  if (payload.text !== null) return `Buffer.from(${JSON.stringify(payload.text)})`;
  return `Buffer.from([${Array.from(payload.bytes, (b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ')}])`;
}

const show = (script: SessionScript, name: string): string =>
  script.allText ? `${name}.toString()` : `[...${name}].map((b) => b.toString(16).padStart(2, '0')).join(' ')`;

function header(script: SessionScript, what: string, module: 'net' | 'dgram'): string[] {
  const lines = [
    `// ${what}, written by \`socket-lab codegen node\` from session ${script.sessionId} (recorded ${script.openedAt}).`,
    '// Each line says which recorded event it came from. Run: node this.js [HOST PORT]',
  ];
  if (module === 'net')
    lines.push(
      '// TCP is a byte stream: a read may return fewer bytes than one send (or several sends at once),',
      '// so receive(n) below waits until n bytes came, as many as the recording received.',
    );
  else lines.push('// UDP may lose or reorder datagrams: a receive that waits too long gives up and says so.');
  lines.push(`const ${module} = require('node:${module}');`, '');
  lines.push(`const HOST = process.argv[3] ? process.argv[2] : ${JSON.stringify(script.host)}; // ${fromEvent(script.addressFrom)}`);
  lines.push(`const PORT = process.argv[3] ? Number(process.argv[3]) : ${script.port};`, '');
  return lines;
}

/** The byte-stream reader both TCP scripts use. */
const tcpReader = [
  '// Collects what arrives so each step can wait for the bytes it expects.',
  'function reader(socket) {',
  '  let buffered = Buffer.alloc(0);',
  '  let ended = false;',
  '  let wake = () => {};',
  "  socket.on('data', (chunk) => { buffered = Buffer.concat([buffered, chunk]); wake(); });",
  "  socket.on('end', () => { ended = true; wake(); });",
  '  return {',
  '    async receive(count) {',
  '      while (buffered.length < count && !ended) await new Promise((resolve) => (wake = resolve));',
  '      const data = buffered.subarray(0, count);',
  '      buffered = buffered.subarray(count);',
  '      return data;',
  '    },',
  '    async rest() {',
  '      while (!ended) await new Promise((resolve) => (wake = resolve));',
  '      return buffered;',
  '    },',
  '  };',
  '}',
  '',
];

const write = (socket: string, step: ScriptPayload): string =>
  `await new Promise((resolve, reject) => ${socket}.write(${nodeBytes(step)}, (err) => (err ? reject(err) : resolve())))`;

function tcpSteps(script: SessionScript, steps: ScriptStep[], socket: string, input: string, pad: string): string[] {
  const out: string[] = [];
  for (const step of steps) {
    const note = fromEvent(step);
    if (step.op === 'send') out.push(`${pad}${write(socket, step)}; // ${note}`);
    else if (step.op === 'receive') {
      const many = step.messages > 1 ? ` (${step.messages} reads in the recording)` : '';
      out.push(
        `${pad}const received${step.seq} = await ${input}.receive(${step.bytes.length}); // ${note}: ${step.bytes.length} bytes expected${many}`,
        `${pad}console.log('Received:', ${show(script, `received${step.seq}`)});`,
      );
    } else if (step.op === 'half-close') out.push(`${pad}${socket}.end(); // ${note}: no more sends from this side`);
    else
      out.push(
        `${pad}const rest${step.seq} = await ${input}.rest(); // ${note}: the peer closed; read to the end of the stream`,
        `${pad}if (rest${step.seq}.length > 0) console.log('Received:', ${show(script, `rest${step.seq}`)});`,
      );
  }
  return out;
}

const udpReceive = [
  '// Datagrams queue here until a step takes one; UDP may lose them, so a step waits at most `ms`.',
  'const queue = [];',
  'let wake = () => {};',
  "socket.on('message', (data, from) => { queue.push({ data, from }); wake(); });",
  'async function receive(ms) {',
  '  if (queue.length === 0) {',
  '    let timer;',
  '    await new Promise((resolve) => { wake = resolve; timer = setTimeout(resolve, ms); });',
  '    clearTimeout(timer); // a pending timer would keep the script running',
  '  }',
  '  return queue.shift() ?? null;',
  '}',
  '',
];

function udpSteps(script: SessionScript, steps: ScriptStep[], server: boolean): string[] {
  const out: string[] = [];
  const wait = server ? 30_000 : 2000;
  for (const step of steps) {
    const note = fromEvent(step);
    const to = server ? 'address.port, address.address' : 'PORT, HOST';
    if (step.op === 'send')
      out.push(
        `  ${server ? 'if (address) ' : ''}await new Promise((resolve, reject) => socket.send(${nodeBytes(step)}, ${to}, (err) => (err ? reject(err) : resolve()))); // ${note}${server ? ' (nobody to answer if no datagram came)' : ''}`,
      );
    else if (step.op === 'receive')
      out.push(
        `  const got${step.seq} = await receive(${wait}); // ${note}: a datagram of ${step.bytes.length} bytes expected`,
        `  if (got${step.seq} === null) console.log('No datagram in time (UDP may lose it)');`,
        `  else {`,
        ...(server ? [`    address = got${step.seq}.from;`] : []),
        `    console.log('Received:', ${show(script, `got${step.seq}.data`)});`,
        `  }`,
      );
  }
  return out;
}

const udpType = (host: string): string => (host.includes(':') ? "'udp6'" : "'udp4'");

export function nodeScript(script: SessionScript): string {
  const lines: string[] = [];
  const steps = script.conversations[0]!.steps;
  switch (script.kind) {
    case 'tcp-client':
      lines.push(...header(script, 'A TCP client', 'net'), ...tcpReader, 'async function main() {');
      lines.push(`  const socket = net.createConnection({ host: HOST, port: PORT }); // ${fromEvent(script.addressFrom)}`);
      lines.push("  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });");
      lines.push('  const input = reader(socket);');
      lines.push(...tcpSteps(script, steps, 'socket', 'input', '  '));
      lines.push('  socket.end();', '}');
      break;
    case 'tcp-server':
      lines.push(...header(script, 'A TCP server answering as the recorded one did', 'net'), ...tcpReader);
      lines.push('// Connections wait here, in arrival order, until the script turns to them.');
      lines.push('const waiting = [];', 'let arrived = () => {};');
      lines.push('const server = net.createServer((socket) => { waiting.push({ socket, input: reader(socket) }); arrived(); });');
      lines.push(
        'async function accept() {',
        '  while (waiting.length === 0) await new Promise((resolve) => (arrived = resolve));',
        '  return waiting.shift();',
        '}',
        '',
      );
      lines.push('async function main() {');
      lines.push(`  await new Promise((resolve) => server.listen(PORT, HOST, resolve)); // ${fromEvent(script.addressFrom)}`);
      lines.push("  console.log('Listening on port', server.address().port);");
      script.conversations.forEach((conversation, i) => {
        lines.push(`  { // Connection ${i + 1} of ${script.conversations.length} in the recording`);
        lines.push('    const { socket, input } = await accept();');
        lines.push("    console.log('Connected by', socket.remoteAddress, socket.remotePort);");
        lines.push(...tcpSteps(script, conversation.steps, 'socket', 'input', '    '));
        lines.push('    socket.end();', '  }');
      });
      lines.push('  server.close();', '}');
      break;
    case 'udp-client':
      lines.push(...header(script, 'A UDP client', 'dgram'));
      lines.push(`const socket = dgram.createSocket(${udpType(script.host)});`, ...udpReceive, 'async function main() {');
      lines.push(...udpSteps(script, steps, false), '  socket.close();', '}');
      break;
    case 'udp-server':
      lines.push(...header(script, 'A UDP server answering as the recorded one did', 'dgram'));
      lines.push(`const socket = dgram.createSocket(${udpType(script.host)});`, ...udpReceive, 'async function main() {');
      lines.push(`  await new Promise((resolve) => socket.bind(PORT, HOST, resolve)); // ${fromEvent(script.addressFrom)}`);
      lines.push("  console.log('Listening on port', socket.address().port);");
      lines.push('  let address = null; // whoever sent the last datagram: the answers go there');
      lines.push(...udpSteps(script, steps, true), '  socket.close();', '}');
      break;
  }
  lines.push('', 'main().catch((err) => {', '  console.error(err.message);', '  process.exit(1);', '});');
  return lines.join('\n') + '\n';
}
