// C from a recorded session: POSIX sockets (Linux, macOS), one statement group per recorded event.
import { fromEvent, type ScriptPayload, type ScriptStep, type SessionScript } from './session-script';

/** A C initializer: "hello\r\n" for ASCII text (octal escapes never run into the next digit), {0x01, ...} for the rest. */
export function cBytes(payload: ScriptPayload): string {
  const { bytes, text } = payload;
  if (text !== null && bytes.every((b) => b < 0x80)) {
    const named: Record<number, string> = { 0x0d: '\\r', 0x0a: '\\n', 0x09: '\\t', 0x22: '\\"', 0x5c: '\\\\', 0x3f: '\\?' };
    return `"${Array.from(bytes, (b) => named[b] ?? String.fromCharCode(b)).join('')}"`;
  }
  return `{${Array.from(bytes, (b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ')}}`;
}

/** Only the helpers the steps call: -Wall -Werror refuses an unused static function. */
function helpers(script: SessionScript, tcp: boolean): string[] {
  const ops = new Set(script.conversations.flatMap((c) => c.steps.map((s) => s.op)));
  const print = ops.has('receive') || ops.has('peer-closed');
  const [printer, sender, receiver] = helperTexts(script);
  return [...(print ? printer : []), ...(tcp && ops.has('send') ? sender : []), ...(tcp && ops.has('receive') ? receiver : [])];
}

const helperTexts = (script: SessionScript): [string[], string[], string[]] => [
  [
    '/* What was received, as text or as hex like the recording. */',
    'static void print_received(const unsigned char *data, size_t n) {',
    '    printf("Received: ");',
    script.allText ? '    fwrite(data, 1, n, stdout);' : '    for (size_t i = 0; i < n; i++) printf(i ? " %02x" : "%02x", data[i]);',
    '    printf("\\n");',
    '    fflush(stdout);',
    '}',
    '',
  ],
  [
    "/* send() may take fewer bytes than asked: loop until all are gone (Python's sendall). */",
    'static void send_all(int fd, const unsigned char *data, size_t n) {',
    '    while (n > 0) {',
    '        ssize_t sent = send(fd, data, n, 0);',
    '        if (sent < 0) { perror("send"); exit(1); }',
    '        data += sent;',
    '        n -= (size_t)sent;',
    '    }',
    '}',
    '',
  ],
  [
    '/* recv() may return fewer bytes than one send: loop until n bytes came or the peer closed. */',
    'static size_t recv_all(int fd, unsigned char *data, size_t n) {',
    '    size_t got = 0;',
    '    while (got < n) {',
    '        ssize_t r = recv(fd, data + got, n - got, 0);',
    '        if (r < 0) { perror("recv"); exit(1); }',
    '        if (r == 0) break;',
    '        got += (size_t)r;',
    '    }',
    '    return got;',
    '}',
    '',
  ],
];

function tcpSteps(steps: ScriptStep[], fd: string, pad: string): string[] {
  const out: string[] = [];
  for (const step of steps) {
    const note = fromEvent(step);
    if (step.op === 'send')
      out.push(
        `${pad}{ /* ${note} */`,
        `${pad}    static const unsigned char message[] = ${cBytes(step)};`,
        `${pad}    send_all(${fd}, message, ${step.bytes.length});`,
        `${pad}}`,
      );
    else if (step.op === 'receive')
      out.push(
        `${pad}{ /* ${note}: ${step.bytes.length} bytes expected${step.messages > 1 ? ` (${step.messages} reads in the recording)` : ''} */`,
        `${pad}    unsigned char received[${step.bytes.length}];`,
        `${pad}    size_t n = recv_all(${fd}, received, sizeof received);`,
        `${pad}    print_received(received, n);`,
        `${pad}}`,
      );
    else if (step.op === 'half-close') out.push(`${pad}shutdown(${fd}, SHUT_WR); /* ${note}: no more sends from this side */`);
    else
      out.push(
        `${pad}{ /* ${note}: the peer closed; read to the end of the stream */`,
        `${pad}    unsigned char rest[1024];`,
        `${pad}    ssize_t r;`,
        `${pad}    while ((r = recv(${fd}, rest, sizeof rest, 0)) > 0) print_received(rest, (size_t)r);`,
        `${pad}}`,
      );
  }
  return out;
}

function udpSteps(steps: ScriptStep[], server: boolean): string[] {
  const out: string[] = [];
  for (const step of steps) {
    const note = fromEvent(step);
    if (step.op === 'send') {
      const to = server ? '(struct sockaddr *)&peer, peer_len' : 'res->ai_addr, res->ai_addrlen';
      const data = step.bytes.length > 0 ? 'message' : 'NULL';
      out.push(
        `    { /* ${note} */`,
        ...(step.bytes.length > 0 ? [`        static const unsigned char message[] = ${cBytes(step)};`] : []),
        `        if (sendto(fd, ${data}, ${step.bytes.length}, 0, ${to}) < 0) { perror("sendto"); return 1; }`,
        `    }`,
      );
    } else if (step.op === 'receive')
      out.push(
        `    { /* ${note}: a datagram of ${step.bytes.length} bytes expected */`,
        '        unsigned char received[65535];',
        '        peer_len = sizeof peer;',
        '        ssize_t n = recvfrom(fd, received, sizeof received, 0, (struct sockaddr *)&peer, &peer_len);',
        '        if (n < 0) printf("No datagram in time (UDP may lose it)\\n");',
        '        else print_received(received, (size_t)n);',
        '    }',
      );
  }
  return out;
}

function top(script: SessionScript, what: string): string[] {
  return [
    `/* ${what}, written by \`socket-lab codegen c\` from session ${script.sessionId} (recorded ${script.openedAt}).`,
    ' * POSIX sockets (Linux, macOS): Winsock differs (WSAStartup, SOCKET, closesocket, <winsock2.h>).',
    ' * Each block says which recorded event it came from. Build: cc -Wall -o demo this.c; run: ./demo [HOST PORT]',
    script.kind.startsWith('tcp')
      ? ' * TCP is a byte stream: recv may return fewer bytes than one send, so recv_all loops for the bytes expected. */'
      : ' * UDP may lose or reorder datagrams: a receive that waits too long gives up and says so. */',
    '#include <netdb.h>',
    '#include <stdio.h>',
    '#include <stdlib.h>',
    '#include <string.h>',
    '#include <sys/socket.h>',
    '#include <sys/time.h>',
    '#include <sys/types.h>',
    '#include <unistd.h>',
    '',
  ];
}

function resolve(script: SessionScript, passive: boolean, type: string): string[] {
  return [
    'int main(int argc, char **argv) {',
    `    const char *host = argc == 3 ? argv[1] : ${JSON.stringify(script.host)}; /* ${fromEvent(script.addressFrom)} */`,
    `    const char *port = argc == 3 ? argv[2] : "${script.port}";`,
    '    struct addrinfo hints, *res;',
    '    memset(&hints, 0, sizeof hints);',
    '    hints.ai_family = AF_UNSPEC;',
    `    hints.ai_socktype = ${type};`,
    ...(passive ? ['    hints.ai_flags = AI_PASSIVE;'] : []),
    '    int err = getaddrinfo(host, port, &hints, &res);',
    '    if (err != 0) { fprintf(stderr, "getaddrinfo: %s\\n", gai_strerror(err)); return 1; }',
    '    int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);',
    '    if (fd < 0) { perror("socket"); return 1; }',
  ];
}

const printPort = [
  '    struct sockaddr_storage bound;',
  '    socklen_t bound_len = sizeof bound;',
  '    getsockname(fd, (struct sockaddr *)&bound, &bound_len);',
  '    char port_text[NI_MAXSERV];',
  '    getnameinfo((struct sockaddr *)&bound, bound_len, NULL, 0, port_text, sizeof port_text, NI_NUMERICSERV);',
  '    printf("Listening on port %s\\n", port_text);',
  '    fflush(stdout);',
];

const timeout = (seconds: number): string[] => [
  `    struct timeval wait = {${seconds}, 0};`,
  '    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);',
];

export function cScript(script: SessionScript): string {
  const lines: string[] = [];
  const steps = script.conversations[0]!.steps;
  switch (script.kind) {
    case 'tcp-client':
      lines.push(...top(script, 'A TCP client'), ...helpers(script, true), ...resolve(script, false, 'SOCK_STREAM'));
      lines.push(
        `    if (connect(fd, res->ai_addr, res->ai_addrlen) < 0) { perror("connect"); return 1; } /* ${fromEvent(script.addressFrom)} */`,
      );
      lines.push('    freeaddrinfo(res);', ...tcpSteps(steps, 'fd', '    '), '    close(fd);', '    return 0;', '}');
      break;
    case 'tcp-server':
      lines.push(...top(script, 'A TCP server answering as the recorded one did'), ...helpers(script, true));
      lines.push(
        ...resolve(script, true, 'SOCK_STREAM'),
        '    int yes = 1;',
        '    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);',
      );
      lines.push(
        `    if (bind(fd, res->ai_addr, res->ai_addrlen) < 0) { perror("bind"); return 1; } /* ${fromEvent(script.addressFrom)} */`,
      );
      lines.push('    freeaddrinfo(res);', '    if (listen(fd, 8) < 0) { perror("listen"); return 1; }', ...printPort);
      script.conversations.forEach((conversation, i) => {
        lines.push(`    { /* Connection ${i + 1} of ${script.conversations.length} in the recording */`);
        lines.push('        int conn = accept(fd, NULL, NULL);', '        if (conn < 0) { perror("accept"); return 1; }');
        lines.push(...tcpSteps(conversation.steps, 'conn', '        '), '        close(conn);', '    }');
      });
      lines.push('    close(fd);', '    return 0;', '}');
      break;
    case 'udp-client':
    case 'udp-server': {
      const server = script.kind === 'udp-server';
      lines.push(...top(script, server ? 'A UDP server answering as the recorded one did' : 'A UDP client'), ...helpers(script, false));
      lines.push(...resolve(script, server, 'SOCK_DGRAM'));
      if (server) {
        lines.push(
          `    if (bind(fd, res->ai_addr, res->ai_addrlen) < 0) { perror("bind"); return 1; } /* ${fromEvent(script.addressFrom)} */`,
        );
        lines.push(...printPort);
      }
      lines.push(
        ...timeout(server ? 30 : 2),
        '    struct sockaddr_storage peer; /* whoever sent the last datagram: the answers go there */',
      );
      lines.push('    socklen_t peer_len = sizeof peer;', '    memset(&peer, 0, sizeof peer);', '    (void)peer_len;');
      lines.push(...udpSteps(steps, server), '    freeaddrinfo(res);', '    close(fd);', '    return 0;', '}');
      break;
    }
  }
  return lines.join('\n') + '\n';
}
