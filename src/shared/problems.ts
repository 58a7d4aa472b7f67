// Every sentence that explains a mistake or a network failure, in English, keyed so the window can
// show it in the reader's language (the renderer's catalogs translate the same keys and params).
// The engine, the CLI and the contract build their messages from here too, so all say the same.

export const problemTexts = {
  // Addresses and ports
  hostEmpty: 'Enter a host: an address such as 127.0.0.1 or ::1, or a name such as localhost.',
  hostBadIpv6: '"{{host}}" is not a valid IPv6 address (example: ::1 or fe80::1).',
  hostBadIpv4: '"{{host}}" is not a valid IPv4 address: it needs four numbers from 0 to 255 (example: 127.0.0.1).',
  hostBadName: '"{{host}}" is not a valid host name: use letters, digits, "-" and "." (example: localhost).',
  hostNotText: 'Host must be text.',
  portEmpty: 'Enter a port: a whole number from 1 to 65535.',
  portEmptyAny: 'Enter a port: a whole number from 0 to 65535 (0 picks any free port).',
  portNotNumber: '"{{port}}" is not a port: use a whole number from 1 to 65535.',
  portNotNumberAny: '"{{port}}" is not a port: use a whole number from 0 to 65535 (0 picks any free port).',
  portRange: 'Port {{port}} is out of range: use a whole number from 1 to 65535.',
  portRangeAny: 'Port {{port}} is out of range: use a whole number from 0 to 65535 (0 picks any free port).',
  portNotNumberType: 'Port must be a number.',
  badSocketUrl: '"{{url}}" is not a socket address: write it as tcp://HOST:PORT or udp://HOST:PORT (IPv6 in brackets: udp://[::1]:5005).',
  connectTimeoutRange: 'Connect timeout must be a whole number of milliseconds from 100 to 600000.',

  // Payloads (positions count from 1)
  hexBadPrefix: '"0x" at position {{position}} is not followed by hex digits.',
  hexBadDigit: '"{{char}}" at position {{position}} is not a hex digit (use 0-9 and A-F).',
  hexOddDigits: '"{{group}}" at position {{position}} has an odd number of hex digits: each byte needs two (e.g. 0{{last}}).',
  escapeLoneBackslash: 'A lone "\\" ends the message at position {{position}}: write "\\\\" for a backslash.',
  escapeBadHex: '"{{escape}}" at position {{position}} needs exactly two hex digits (e.g. \\x00, \\xFF).',
  escapeUnknown: '"{{escape}}" at position {{position}} is not a known escape (use \\r \\n \\t \\0 \\\\ or \\xHH).',
  payloadNotBytes: 'The payload must be bytes.',
  payloadTooLarge: 'A single send is limited to {{limit}} MiB.',
  fixedReplyEmpty: 'A fixed reply needs some text to send.',
  udpTooLarge: 'A UDP datagram carries at most {{limit}} bytes; this one has {{size}}. Split it, or use TCP.',

  // The network said no
  refused: 'Nothing is listening on {{where}} (connection refused).',
  hostNotFound: 'The host name "{{host}}" could not be found (DNS lookup failed).',
  dnsNotAnswering: 'The host name "{{host}}" could not be looked up right now (DNS not answering).',
  timedOut: 'No answer from {{where}}: the connection timed out.',
  connectTimeout: 'No answer from {{where}} within {{ms}} ms (connect timeout).',
  unreachable: '{{host}} cannot be reached from this computer (no route to it).',
  localPortInUse: 'The local port {{port}} is already in use by another socket.',
  portInUse: 'Port {{port}} on {{host}} is already in use by another program: pick another port, or 0 for any free one.',
  localAddressNotHere: '{{host}} is not an address of this computer, so the connection cannot start from it.',
  addressNotHere: '{{host}} is not an address of this computer, so nothing can listen on it.',
  permissionDenied: 'Permission denied for {{where}}: ports below 1024 need administrator rights.',
  reset: 'The peer {{where}} reset the connection.',
  peerGone: 'The peer {{where}} has closed the connection, so the data could not be sent.',
  datagramTooLarge: 'The datagram is too large for the network (EMSGSIZE).',
  wrongFamily: 'This UDP socket is {{family}} (bound to {{bound}}), so it cannot send to {{host}}: open one on an {{need}} address such as {{example}}.',
  unusableAddress: '{{where}} cannot be used from this socket: {{detail}}',
  socketError: 'Socket error {{code}}: {{detail}}',

  // Sessions and what can be done with them
  socketClosed: 'The socket is closed: open it again to send.',
  notConnected: 'Not connected: connect first, then send.',
  sendingClosed: 'This connection is closed for sending (half-closed or closed): nothing was sent.',
  serverStopped: 'The server is stopped: listen again to send.',
  clientGone: 'Client {{id}} is no longer connected.',
  noClients: 'No client is connected yet: nothing to send to.',
  chooseClient: 'Choose a connected client to half-close.',
  serverTargets: 'A TCP server sends to its connected clients, not to an arbitrary address.',
  clientTarget: 'A TCP client sends to the server it is connected to; it has no other destination.',
  noPeer: 'No destination: enter a host and port to send to (no peer has sent anything yet).',
  onlyServersDisconnect: 'Only a TCP server has clients to disconnect.',
  onlyTcpHalfClose: 'Half-close applies to TCP connections only.',
  onlyServersReply: 'Auto-reply rules apply to servers (TCP server, UDP).',
  noSession: 'Session {{id}} does not exist (it may have been removed).',
  entryDropped: 'Log entry {{seq}} is no longer held in memory (the log keeps the newest entries only).',
  closedAfterSends: '{{where}} closed the connection after {{sent}} of {{count}} sends.',
  invalidRequest: 'The request is not valid.',
} as const;

export type ProblemKey = keyof typeof problemTexts;
export type ProblemParams = Record<string, string | number>;

/** A mistake or failure, as a key and the values its sentence needs. */
export interface Problem {
  key: ProblemKey;
  params?: ProblemParams;
}

/** Fills {{name}} placeholders, the same syntax the window's i18next catalogs use. */
export function fillTemplate(template: string, params: ProblemParams = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The English sentence for a problem. */
export function problemText(problem: Problem): string {
  return fillTemplate(problemTexts[problem.key], problem.params);
}

export const isProblemKey = (key: unknown): key is ProblemKey => typeof key === 'string' && key in problemTexts;
