// Every sentence that explains a mistake or a network failure, in English, keyed so the window can
// show it in the reader's language (the renderer's catalogs translate the same keys and params).
// The engine, the CLI and the contract build their messages from here too, so all say the same.
import { sessionKinds } from './kinds';

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
  udpTooLarge: 'A UDP datagram over {{family}} carries at most {{limit}} bytes; this one has {{size}}. Split it, or use TCP.',
  nothingToSendTcp: 'Nothing to send: a TCP message needs at least one byte (only UDP can send an empty datagram).',

  // The network said no
  refused: 'Nothing is listening on {{where}} (connection refused).',
  hostNotFound: 'The host name "{{host}}" could not be found (DNS lookup failed).',
  dnsNotAnswering: 'The host name "{{host}}" could not be looked up right now (DNS not answering).',
  timedOut: 'No answer from {{where}}: the connection timed out.',
  connectTimeout: 'No answer from {{where}} within {{ms}} ms (connect timeout).',
  unreachable: '{{host}} cannot be reached from this computer (no route to it).',
  localPortInUse: 'The local port {{port}} is already in use by another socket.',
  portInUse: 'Port {{port}} on {{host}} is already in use by another program: pick another port, or 0 for any free one.',
  portInUseBySession:
    'Port {{port}} on {{host}} is already in use by session {{session}} ({{sessionKind}}) in Socket Lab: stop it, or pick another port (0 for any free one).',
  localPortInUseBySession:
    'The local port {{port}} is already in use by session {{session}} ({{sessionKind}}) in Socket Lab: stop it, or leave the local port empty.',
  localAddressNotIp: 'A local address must be an IP address of this computer (such as 127.0.0.1 or ::1), not a name such as "{{host}}".',
  localAddressNotHere: '{{host}} is not an address of this computer, so the connection cannot start from it.',
  addressNotHere: '{{host}} is not an address of this computer, so nothing can listen on it.',
  // EACCES / EPERM mean different things for each operation and on each system.
  permissionDenied:
    'Permission denied for {{where}}: this system does not let Socket Lab use it (a security policy or a firewall may forbid it).',
  lowPortNeedsAdmin:
    'Port {{port}} on {{host}} is below 1024: on Linux only an administrator may use such a port (unless this system lowered net.ipv4.ip_unprivileged_port_start). Pick a port from 1024 up, or 0 for any free one.',
  portReservedWindows:
    'Windows does not let programs use port {{port}} on {{host}}: it may be in a range the system reserves (see: netsh interface ipv4 show excludedportrange protocol={{protocol}}). Pick another port, or 0 for any free one.',
  broadcastNotEnabled:
    '{{where}} is a broadcast address, and broadcast is not enabled for this socket: nothing was sent. Open the socket with broadcast allowed (--broadcast in socket-lab, "Allow broadcast" in the window\'s Advanced options), or send to one host.',
  sendNotPermitted: 'The system refused to send to {{where}} (operation not permitted): a firewall rule may block it.',
  loopbackCannotSendOut:
    'This UDP socket is bound to {{bound}}, which only this computer can reach, so it cannot send to {{where}}: open one on {{wildcard}} to reach other computers.',
  reset: 'The peer {{where}} reset the connection.',
  peerGone: 'The peer {{where}} has closed the connection, so the data could not be sent.',
  datagramTooLarge: 'The datagram is too large for the network (EMSGSIZE).',
  wrongFamily:
    'This UDP socket is {{family}} (bound to {{bound}}), so it cannot send to {{host}}: open one on an {{need}} address such as {{example}}.',
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
  unknownCommand: 'There is no command "{{name}}".',
  internalError: 'Unexpected error: {{detail}}',
  // Part of other sentences: a long input quoted by its first characters (see quote-input.ts).
  cutInput: '{{head}}… ({{length}} characters)',

  // The bridge between a browser page and the engine, and long commands run as jobs
  requestMalformed: 'The request is not a Socket Lab command: it needs an id, a command name and its payload as text.',
  requestNotJson: 'The payload of the request is not valid JSON.',
  requestTooDeep: 'The payload of the request is nested more than {{limit}} levels deep.',
  requestBadBytes: 'A byte payload in the request is not valid base64.',
  engineNoAnswer: 'The Socket Lab engine did not answer within {{seconds}} seconds: try again, or restart `socket-lab web` and reload.',
  engineLost: 'The connection to the Socket Lab engine was lost: restart `socket-lab web` and reload.',
  engineNotConnected: 'Not connected to the Socket Lab engine.',
  sendCancelled: 'The send was cancelled: {{sent}} of {{total}} bytes had gone out.',
  noJob: 'There is no job {{id}} (it may have finished a while ago).',
  logBudgetRange: 'Log memory must be a whole number of MiB from {{min}} to {{max}}.',

  // The log filter
  filterTooLong: 'A filter is limited to {{limit}} characters.',
  noFilter: 'This log has no filter now (it may have been cleared in another window).',

  // Record to file
  captureBadName:
    '"{{name}}" cannot be a file name: give a name only (no folder), up to 80 characters, without \\ / : * ? " < > | and not ending in a space or a dot.',
  captureNoFolder: 'Cannot record to {{path}}: the folder {{folder}} does not exist.',
  captureIsFolder: 'Cannot record to {{path}}: it is a folder, not a file.',
  captureNotWritable: 'Cannot record to {{path}}: this system does not let Socket Lab write there ({{code}}).',
  captureExists: 'The file {{path}} already exists: choose another name, or allow replacing it.',
  captureAlreadyOn: 'This session is already recording to {{path}}: stop that first.',
  captureNone: 'This session is not recording.',
  captureWriteFailed: 'Recording to {{path}} stopped: the file could not be written ({{code}}: {{detail}}).',
  captureDropped:
    '{{count}} events were not recorded: the disk did not keep up, so they were left out to bound memory (the file marks where).',

  // The traffic generator
  floodSize: 'Size must be a whole number of bytes from 1 to {{max}}.',
  floodCounterSize: 'A counter payload needs at least {{min}} bytes per message: each one starts with its 64-bit sequence number.',
  floodPayload: 'Payload must be text, hex or counter.',
  floodPatternTooLong: 'The pattern is limited to {{max}} characters.',
  floodHexEmpty: 'Enter the bytes to repeat, in hex (example: de ad be ef).',
  floodRate: 'Rate must be a whole number of messages per second from 1 to {{max}}; leave it empty for as fast as possible.',
  floodCount: 'Count must be a whole number of messages from 1 to {{max}}.',
  floodDuration: 'Duration must be a number of seconds from 0.001 to {{max}}.',
  floodCountAndDuration: 'Give a count or a duration, not both.',
  floodRunning: 'A traffic generator is already running on this session: stop it first.',
  noFlood: 'This session has not run a traffic generator.',

  // Macros in repeated sends
  macroUnknown: '{{macro}} at position {{position}} is not a macro: use {{known}}.',
  macroRandomRange: '{{macro}} at position {{position}}: N must be a whole number from 1 up (example: {{example}} gives 0 to 99).',

  // Receive framing (--frame)
  framingUnknown:
    '"{{spec}}" is not a framing: use raw, line, delim:TEXT (e.g. delim:\\0), fixed:N or len:2 (len:1, len:2le, len:4+hdr...).',
  framingEmptyDelimiter: 'A delimiter needs at least one byte (e.g. delim:\\0 or delim:\\r\\n).',
  framingLongDelimiter: 'A delimiter is limited to {{max}} bytes.',
  framingFixedSize: '"{{size}}" is not a frame size: fixed:N needs a whole number of bytes from 1 to {{max}}.',
  framingBadLength:
    '"{{spec}}" is not a length prefix: write len: then 1, 2 or 4 bytes, then be or le (big-endian by default), then +hdr if the length counts its own header (e.g. len:2, len:4le+hdr).',
  maxFrameRange: 'The largest frame must be a whole number of bytes from {{min}} to {{max}}.',
  frameTooLarge: 'A message of {{size}} bytes is larger than the largest frame allowed ({{max}} bytes): the connection was closed.',
  frameLengthBelowHeader: 'The length prefix says {{declared}} bytes, fewer than its own {{width}}-byte header: the connection was closed.',
  frameFixedMismatch: 'This connection sends messages of exactly {{fixed}} bytes (fixed:{{fixed}}); this one has {{size}}.',
  frameLengthOverflow: 'A {{width}}-byte length prefix cannot count a message of {{size}} bytes: use a wider prefix (len:4).',

  // Auto-reply rules (--rule MATCH=>REPLY[ @delay=MS][ @close]); rules count from 1
  ruleNoArrow: 'Rule {{rule}} has no "=>": write MATCH=>REPLY (e.g. exact:ping=>fixed:pong\\r\\n).',
  ruleUnknownMatch: 'Rule {{rule}}: "{{kind}}" is not a kind of match: use exact:, prefix:, contains:, suffix:, regex: or hex:.',
  ruleUnknownReply: 'Rule {{rule}}: "{{kind}}" is not a kind of reply: use echo, upper, prefix:, fixed: or hex:.',
  ruleReplyTakesNoText: 'Rule {{rule}}: the reply {{kind}} sends the message itself and takes no text (write just {{kind}}).',
  ruleBadRegex: 'Rule {{rule}}: /{{pattern}}/ is not a valid regular expression ({{detail}}).',
  ruleBadOption:
    'Rule {{rule}}: "{{option}}" is not an option: end a rule with @delay=MS or @close (write \\x40 for an "@" that is part of the reply).',
  ruleRepeatedOption: 'Rule {{rule}}: "{{option}}" is given twice.',
  ruleDelayRange: 'Rule {{rule}}: "{{delay}}" is not a delay: use a whole number of milliseconds from 0 to {{max}}.',
  ruleBadDollar: 'Rule {{rule}}: "{{dollar}}" at position {{position}} of the reply is not a group: use $0 to $9, or $$ for a "$".',
  ruleNoSuchGroup: 'Rule {{rule}}: the reply uses ${{group}}, but the regular expression has {{count}} group(s) ($0 is the whole match).',
  ruleGroupsNeedRegex: 'Rule {{rule}}: the reply uses ${{group}}, but only a regex: match has groups ($0 is the whole message).',
  ruleTooMany: 'At most {{max}} rules: this list has {{count}}.',
  ruleRegexTimeout:
    'Rule {{rule}}: the regular expression /{{pattern}}/ ran longer than {{ms}} ms on a message and was stopped, so nothing was sent. Nested repeats such as (a+)+ can run for ages: simplify it.',
  ruleRegexFailed: 'Rule {{rule}}: the regular expression /{{pattern}}/ failed on a message ({{detail}}), so nothing was sent.',
  ruleCloseOnUdp: 'Rule {{rule}}: @close closes a connection, and a UDP socket has none: remove @close from this rule.',
  rulesOnClient: 'Rules answer what a server or a UDP socket receives: a TCP or TLS client has no rules.',

  // TLS: certificate files, trust, the handshake
  tlsFileEmpty: 'Enter the path of a PEM file.',
  tlsFileMissing: 'There is no file at "{{path}}".',
  tlsFileUnreadable: 'The file "{{path}}" could not be read ({{code}}).',
  tlsBadCertPem: '"{{path}}" holds no PEM certificate: it should contain a "-----BEGIN CERTIFICATE-----" block.',
  tlsBadKeyPem: '"{{path}}" holds no PEM private key: it should contain a "-----BEGIN PRIVATE KEY-----" block (unencrypted).',
  tlsKeyMismatch: 'The key in "{{key}}" does not belong to the certificate in "{{cert}}": give the key the certificate was made with.',
  tlsKeyWithoutCert: 'A certificate file needs its key file too (or give neither, and a self-signed certificate is made for you).',
  tlsCertWithoutKey: 'A key file needs its certificate file too (or give neither, and a self-signed certificate is made for you).',
  tlsServernameEmpty: 'Enter a server name (SNI) such as localhost, or leave it out.',
  tlsServernameIp: '"{{name}}" is an IP address: the server name (SNI) must be a host name such as localhost.',
  tlsVersionBad: 'The TLS version must be TLSv1.2 or TLSv1.3.',
  tlsUntrusted:
    'The certificate of {{where}} is not trusted ({{reason}}). If you trust it, give the certificate of its authority as the CA file (--ca FILE), or accept it unchecked with --insecure ("Accept untrusted certificate").',
  tlsHostnameMismatch:
    'The certificate of {{where}} is for {{names}}, not "{{host}}". Set the server name (--servername) to a name it is for, or accept it unchecked with --insecure.',
  tlsNotTls: '{{where}} did not answer as a TLS server ({{detail}}): is it a plain TCP peer? Connect to it with tcp:// instead.',
  tlsProtocolVersion: '{{where}} and Socket Lab share no TLS version ({{detail}}): choose another TLS version, or leave it unset.',
  tlsHandshakeFailed: 'The TLS handshake with {{where}} failed: {{detail}}.',
  tlsClientHandshakeFailed: 'A client at {{where}} failed the TLS handshake: {{detail}}. A plain TCP client (not TLS) does this.',
  tlsCertificateNotMade:
    'The self-signed certificate could not be made or kept in "{{path}}" ({{detail}}): give a certificate and key file instead.',
  // UDP multicast and broadcast (--join, --ttl, --multicast-loop, --multicast-if, --broadcast)
  multicastGroupEmpty:
    'Enter a multicast group: an address from 224.0.0.0 to 239.255.255.255 (e.g. 239.1.2.3) or an IPv6 address starting with ff (e.g. ff05::1:3).',
  multicastNotGroup:
    '"{{group}}" is not a multicast group: a group is an address from 224.0.0.0 to 239.255.255.255 (224.0.0.0/4, e.g. 239.1.2.3) or an IPv6 address starting with ff (ff00::/8, e.g. ff05::1:3).',
  multicastBadInterface:
    '"{{iface}}" is not an interface address: give an IP address of this computer, such as 127.0.0.1 (socket-lab interfaces lists them).',
  multicastInterfaceFamily:
    'The group {{group}} and the interface address {{iface}} are of different families: an IPv4 group needs an IPv4 interface address, an IPv6 group an IPv6 one.',
  multicastInterfaceNotHere:
    '{{iface}} is not an address of this computer: give one of its interface addresses (socket-lab interfaces lists them).',
  multicastTtlRange: 'TTL "{{ttl}}" is out of range: use a whole number of hops from 0 to 255 (1 keeps datagrams on the local network).',
  multicastAlreadyJoined: 'This socket has already joined {{group}}.',
  multicastNotJoined: 'This socket has not joined {{group}}, so there is nothing to leave.',
  multicastTooMany: 'A socket may join at most {{max}} groups.',
  multicastFamily: 'This UDP socket is {{family}} (bound to {{bound}}), so it cannot use {{address}}: open one on {{example}} for that.',
  multicastOnlyUdp: 'Multicast groups apply to UDP sockets only.',
  multicastJoinRefused:
    'The system refused to join {{group}} ({{code}}): that interface may not carry multicast (IPv6 multicast, for one, does not run on the loopback interface on Linux).',
  multicastOptionRefused: 'The system refused the option {{option}} ({{code}}): {{detail}}',
  // Said in the log (an event row), not as a mistake.
  boundWildcardForGroups:
    'No bind address was given, so this socket is bound to {{wildcard}} (every address of this computer): one bound to 127.0.0.1 or ::1 would hear no group or broadcast traffic.',
  loopbackHearsNoGroups:
    'This socket is bound to {{bound}}: it hears no group or broadcast traffic. Bind {{wildcard}} to hear the groups it joins.',
  joinedGroup: 'Joined the multicast group {{group}}.',
  leftGroup: 'Left the multicast group {{group}}.',
  // Stream options and repeated sends (--frame on UDP, --keep-alive, Repeat)
  framingNotForUdp: 'Framing applies to TCP streams only: a UDP datagram is already one message (leave --frame out).',
  keepAliveRange: 'Keep-alive must be a whole number of milliseconds from {{min}} to {{max}} (leave it out for off).',
  repeatEvery: 'Every must be a whole number of milliseconds from {{min}} to {{max}}.',
  repeatTimes: 'Times must be a whole number from 1 to {{max}}; leave it empty to repeat until stopped.',
  repeatRunning: 'A repeat is already running on this session: stop it first.',
  noRepeat: 'This session has not run a repeat.',
  frameTooLargeSend: 'This message of {{size}} bytes is larger than the largest frame of this connection ({{max}} bytes).',
  // Text encodings (a session's encoding: shown and composed in it)
  encodingUnknown: 'Unknown encoding "{{name}}": use one of {{list}}.',
  encodingCannotEncode: 'The character "{{char}}" at position {{position}} cannot be written in {{encoding}}.',
  // File and stdin send (sendFile, --file)
  fileEmptyPath: 'Enter the path of a file to send.',
  fileNotFound: 'There is no file at {{path}}.',
  fileIsDirectory: '{{path}} is a folder: choose a file.',
  fileNotReadable: '{{path}} cannot be read ({{code}}): check its permissions.',
  fileNotAFile: '{{path}} is not a regular file (a device or a pipe): send it with --file - from a shell instead.',
  fileChunkRange: 'The datagram size must be a whole number of bytes from {{min}} to {{max}}.',
  fileChunkNotUdp: 'A datagram size applies to UDP only: over TCP the file goes as one byte stream (leave --chunk out).',
  fileWithPayload: 'Send a file or a payload, not both: leave out --text, --hex and --escaped when you use --file.',
  fileSendStarted: 'Sending the file {{name}} ({{size}} bytes) to {{to}}; its bytes go as they are, with no framing added.',
  fileSendStartedStdin: 'Sending standard input to {{to}} as it comes; its bytes go as they are, with no framing added.',
  fileUdpWarning:
    'The file goes as {{count}} datagrams of up to {{chunk}} bytes: UDP may lose them or deliver them out of order, so the receiver may not get the file whole.',
  fileSent: 'Sent the file {{name}}: {{bytes}} bytes in {{ms}} ms.',
  fileSentStdin: 'Sent standard input: {{bytes}} bytes in {{ms}} ms.',
  fileSendCancelled: 'The file send was cancelled after {{sent}} of {{total}} bytes.',
  fileReadFailed: 'Reading {{path}} failed ({{code}}) after {{sent}} bytes.',
  filePickUnavailable: 'There is no file dialog here: type the path of the file instead.',
  fileSendBusy: 'A file is being sent from this session: wait for it to end or cancel it, so its bytes and these do not mix on the wire.',
  // Window-side gaps: rules tested main-side, stream and multicast options in the form
  ruleTestTimeout:
    'The pattern of rule {{rule}} (/{{pattern}}/) ran past its deadline of {{ms}} ms on this sample and was stopped. Nested repeats such as (a+)+ can run for ages: simplify it.',
  // Exporting the log (--export, the log's Export menu)
  exportUnknownFormat:
    'Cannot export to {{path}}: the file name must end in .pcapng, .ndjson, .csv or .txt (the extension picks the format).',
  exportExists: 'The file {{path}} already exists: choose another name, or allow replacing it.',
  exportNoFolder: 'Cannot export to {{path}}: the folder {{folder}} does not exist.',
  exportIsFolder: 'Cannot export to {{path}}: it is a folder, not a file.',
  exportNotWritable: 'Cannot export to {{path}}: this system does not let Socket Lab write there ({{code}}).',
  exportWriteFailed: 'Exporting to {{path}} stopped: the file could not be written ({{code}}: {{detail}}).',
  exportCancelled: 'Export cancelled after {{rows}} rows; the partial file was removed.',
  exportDropped: '{{count}} events were left out of the export because the disk could not keep up.',
  exportNoFilter: 'This log has no filter, so there is no filtered view to export: export the whole log, or set a filter first.',
  exportFormat: 'Choose an export format: pcapng, ndjson, csv or txt.',
  exportBadName:
    '"{{name}}" cannot be used as an export file name: give a name only (no folder), at most 80 characters, without \\ / : * ? " < > |, not ending in a space or a dot.',
  // Kept settings (settings.json in the data folder)
  settingsCorrupt: 'The settings file was damaged (not valid settings), so it was moved aside to {{path}} and the defaults are used.',
  settingsUnreadable: 'The settings file {{path}} could not be read ({{code}}): the defaults are used, and nothing is saved over it.',
  settingsNotWritable: 'The settings could not be saved to {{path}} ({{code}}).',
  settingsTooLarge: 'The settings are too large to keep ({{size}} bytes; at most {{limit}}): remove some sessions or long send histories.',
  // Workspaces (.socketlab.json: sessions, saved messages) and the Packet Sender import
  workspaceTooLarge: '{{path}} is {{size}} bytes: a workspace file may have at most {{limit}} MiB.',
  workspaceNotJson: '{{path}} is not a workspace: it is not valid JSON ({{detail}}).',
  workspaceWrongFormat: '{{path}} is not a Socket Lab workspace: its "format" should be "socket-lab-workspace".',
  workspaceNewerVersion:
    '{{path}} is a workspace of version {{version}}, saved by a newer Socket Lab: this one reads version {{supported}}. Update Socket Lab to open it.',
  workspaceBadVersion: '"version" must be a whole number from 1 (this Socket Lab reads version {{supported}}).',
  workspaceMissing: 'There is no file at {{path}}.',
  workspaceUnreadable: '{{path}} could not be read ({{code}}).',
  workspaceNotWritable: 'The workspace could not be saved to {{path}} ({{code}}).',
  workspaceNoFolder: 'The workspace could not be saved to {{path}}: the folder {{folder}} does not exist.',
  workspaceBadPath: '"{{path}}" cannot hold a workspace: give the full path of a file whose name ends in .socketlab.json.',
  workspaceFieldType: 'This must be {{expected}}.',
  workspaceFieldChoice: 'This must be one of: {{choices}}.',
  workspaceFieldTooLong: 'This is limited to {{max}} characters or items.',
  workspaceFieldMissing: 'This field is required.',
  workspaceFieldInvalid: 'This value is not valid here.',
  workspaceNameEmpty: 'A name cannot be empty.',
  workspaceCollectionSlash: 'A collection name cannot contain "/": it separates the collection from the message in COLLECTION/NAME.',
  workspaceCollectionTwice: 'Two collections are named "{{name}}": each needs its own name.',
  workspaceMessageTwice: 'The collection "{{collection}}" has two messages named "{{name}}": each needs its own name.',
  workspaceSessionKind: '"{{kind}}" is not a kind of session: use tcp-client, tcp-server, udp, tls-client or tls-server.',
  workspaceMessageUnknown: 'No saved message is named "{{name}}" in {{path}}.',
  workspaceMessageUnknownNear: 'No saved message is named "{{name}}" in {{path}}: did you mean {{near}}?',
  workspaceMessageAmbiguous: '"{{name}}" names a message in several collections ({{matches}}): write COLLECTION/NAME to pick one.',
  workspaceMessageNoTarget: 'The saved message "{{name}}" has no target: give an address such as tcp://127.0.0.1:9000 beside it.',
  importNotPacketSender:
    '{{path}} holds no Packet Sender packets: give its packets.ini (with a [NAMES] list) or a JSON export (an array of packets).',
  importNothing: '{{path}} has no packets to import.',
  importTargetExists: 'The file {{path}} already exists: choose another name, or add --force to replace it.',
  importHttp:
    '"{{name}}": the HTTP request ({{method}} {{path}}) cannot be mapped: imported without a target (its payload is the request body).',
  importUnknownMethod: '"{{name}}": "{{method}}" is not a protocol Socket Lab knows: imported without a target.',
  importSsl:
    '"{{name}}": SSL imported as tls://{{where}}; Packet Sender\'s SSL options (ignoring certificate errors, its own certificate) are not in the packet and are not mapped: Socket Lab verifies the certificate.',
  importBadTarget: '"{{name}}": the target is not usable ({{detail}}): imported without a target.',
  importRepeat: '"{{name}}": repeat every {{seconds}} s is not mapped (use Repeat in the window, or send --count N --interval MS).',
  importSource: '"{{name}}": the source address {{from}} is not mapped.',
  importMacros: '"{{name}}": Packet Sender macros such as {{macro}} are not mapped: they are sent as written.',
  importRenamed: '"{{name}}" appears more than once: the later one is imported as "{{renamed}}".',
  workspaceCollectionUnknown: 'There is no collection "{{name}}" in this workspace.',
  savedNoSession: 'No session is open and this message has no target: open a session first, or give the message a target (Edit).',
  savedSessionNotOpen:
    'The selected session is not open and this message has no target: open it (Connect, Listen or Open) first, or give the message a target (Edit).',
  savedNeedDestination:
    "This UDP socket has no destination for the message: give the message a target (Edit), or fill in the composer's destination host and port.",
  savedComposerDestination: "The composer's destination host or port is not valid: correct it there, or give the message a target (Edit).",
  savedTargetUnusable: "The message's target cannot be opened: check its host and port (Edit).",
  savedPortMissing: 'A target needs a port (1 to 65535).',
  workspaceFileBad: '{{file}} was not opened: {{count}} mistakes, the first ones below. Nothing was changed.',
  workspaceFileName: 'A file name without folders is expected here.',

  // Copy as code (socket-lab codegen): the recorded session a script is written from
  codegenLanguage: 'Cannot write code in "{{language}}": use python, node or c.',
  codegenMissing: '{{path}} does not exist: give an NDJSON export (send or serve with --export FILE.ndjson).',
  codegenUnreadable: '{{path}} could not be read ({{code}}).',
  codegenNotNdjson: '{{path}} is not NDJSON: line {{line}} is not one JSON object (export the session with --export FILE.ndjson).',
  codegenNotSocketLab: "{{path}} is not a Socket Lab session: its first line is not Socket Lab's header, or an event is damaged.",
  codegenVersion: '{{path}} is written in version {{version}} of the session format; this Socket Lab reads version 1.',
  codegenEmpty: '{{path}} holds no data sent or received: there is nothing to write a script from.',
  codegenKindUnsupported:
    '{{path}} is a {{kind}} session: code can be written for TCP and UDP sessions only (TLS needs certificates a short script would hide).',
  codegenFramed: '{{path}} was recorded with framing "{{framing}}": code can be written for unframed TCP (--frame raw) and UDP only.',
  codegenTargetExists: '{{path}} already exists: add --force to replace it.',
  codegenWriteFailed: '{{path}} could not be written ({{code}}).',
  // Simulated network problems (UDP): the spec, then the log's notices
  impairEmpty: 'Say which problems to simulate, e.g. loss=30%,delay=50,seed=7.',
  impairEmptyPart: '"{{part}}" has an empty part: separate settings with "," and directions with ";".',
  impairNoValue: '"{{part}}": write a setting as name=value (e.g. loss=30%).',
  impairUnknown: '"{{part}}" is not a known setting: use loss, dup, reorder (percentages), delay, jitter (milliseconds) or seed.',
  impairTwice: '"{{part}}": {{name}} is given twice.',
  impairPercent: '{{part}}: a percentage is 0 to 100 (e.g. loss=30%).',
  impairMs: '{{part}}: a time is a whole number of milliseconds from 0 to {{max}} (e.g. delay=50).',
  impairSeed: '{{part}}: a seed is a whole number from 0 to 4294967295.',
  impairDirection: '"{{part}}": start each part with in: or out: (e.g. in:loss=10%;out:delay=100).',
  impairDirectionTwice: '"{{part}}": the {{direction}} direction is given twice.',
  impairOn: 'Network problems simulated by Socket Lab on this socket (not by the network): {{settings}}.',
  impairOff: 'Simulated network problems are off.',
  impairDropped: 'Simulated: {{direction}} datagram #{{index}} ({{size}} bytes, {{peer}}) dropped.',
  impairDuplicated: 'Simulated: {{direction}} datagram #{{index}} ({{peer}}) duplicated.',
  impairDelayed: 'Simulated: {{direction}} datagram #{{index}} ({{peer}}) delayed {{ms}} ms.',
  impairReordered: 'Simulated: {{direction}} datagram #{{index}} ({{peer}}) held back to arrive after the next one.',
  impairOnlyUdp: 'Simulated network problems apply to UDP sockets only: TCP resends what is lost, so it always looks perfect.',

  // The lab's operating-system view (ss)
  osViewNotLinux: "The operating system's view reads Linux's ss program: it is not available on this system.",
  osViewNoSs: "The operating system's view needs the ss program (package iproute2), which is not installed.",
  osViewNotTcp: "The operating system's view lists TCP sockets: UDP sockets have no connection states.",
  osViewFailed: 'ss could not list the sockets: {{detail}}.',
  // Copy as code in the window: the session's log as NDJSON
  sessionNdjsonTooLarge:
    "This session's log is too large to turn into code here (more than {{limit}} MiB as NDJSON): export it with Export (NDJSON) and use socket-lab codegen.",
  lessonQuestionTwice: 'Two questions of the lesson have the id "{{id}}": each needs its own.',
  lessonSessionUnknown: 'The lesson asks about a session named "{{name}}", but the file has no session of that name.',
  lessonNameUnknown: 'The lesson translates "{{name}}", but the file has no session, collection or saved message of that name.',
  // Closing three ways, and reading by hand (recv)
  readModeBad: 'Read mode is auto (every byte read as it comes) or manual (bytes wait in the kernel until recv).',
  readManualTls: 'Manual read mode applies to plain TCP only: TLS must read whole records to decrypt them.',
  closeHowBad: 'Close with end (send FIN), destroy (close at once) or reset (send RST).',
  onlyTcpClose: 'end(), destroy() and reset apply to TCP connections only.',
  recvMaxRange: 'recv reads {{min}} to {{max}} bytes at a time (the tutorials use 1024).',
  recvWaitRange: 'recv waits {{min}} to {{max}} ms for bytes to arrive.',
  recvNotManual: 'recv needs the connection opened in manual read mode: in auto mode every byte is read as it arrives.',
  recvBusy: 'A recv is already waiting on this connection.',
  resetOnlyTcp: 'Reset (RST) applies to plain TCP only: a TLS socket cannot be reset from here; use destroy().',
  recvOnlyTcp: 'recv applies to TCP connections only (UDP datagrams are read as they arrive).',
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

/**
 * A `sessionKind` param holds a session kind ("tcp-server"), not words, so each language names it
 * in its own words: these in English, the window's `kind.*` strings in the reader's language.
 */
export const sessionKindNames: Record<string, string> = Object.fromEntries(Object.values(sessionKinds).map((k) => [k.kind, k.english]));

/** The notices of simulated problems: their `direction` param holds 'in' or 'out', each language words it. */
export const impairNoticeKeys: ReadonlySet<ProblemKey> = new Set(['impairDropped', 'impairDuplicated', 'impairDelayed', 'impairReordered']);
const impairDirectionWords: Record<string, string> = { in: 'incoming', out: 'outgoing' };

/** The English sentence for a problem. */
export function problemText(problem: Problem): string {
  const params = problem.params;
  const kind = params?.sessionKind;
  let worded =
    kind !== undefined && String(kind) in sessionKindNames ? { ...params, sessionKind: sessionKindNames[String(kind)]! } : params;
  const direction = params?.direction;
  if (impairNoticeKeys.has(problem.key) && direction !== undefined && String(direction) in impairDirectionWords)
    worded = { ...worded, direction: impairDirectionWords[String(direction)]! };
  return fillTemplate(problemTexts[problem.key], worded);
}

export const isProblemKey = (key: unknown): key is ProblemKey => typeof key === 'string' && key in problemTexts;
