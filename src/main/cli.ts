// `socket-lab`: the same engine as the window, from a terminal. No electron import here.
// This entry stays light: `--help` and `--version` load no engine and no schema library; each
// command's module is imported when that command runs (tests/cli/startup.test.ts checks it).
import { writeSync } from 'node:fs';
import { AlreadyReported, usage, UsageError } from './cli/errors';
import { Output, writeStderr } from './cli/output';

export { UsageError } from './cli/errors';
export { Output } from './cli/output';

const help = `socket-lab: send, serve and inspect TCP and UDP traffic.

Usage:
  socket-lab send URL (--text T | --hex H | --escaped E | --file PATH) [options]
  socket-lab serve URL [--reply RULE] [--close-after-reply] [--format F] [--record FILE [--overwrite]] [options]
  socket-lab flood URL --size N [--rate PPS] [--count N | --duration S] [--payload text|hex|counter] [--hex BYTES]
  socket-lab web [--port P] [--data-dir DIR] [--log-budget MIB]
  socket-lab interfaces [--format text|json]
  socket-lab settings [--data-dir DIR] [--reset] [--format text|json]
  socket-lab send --workspace FILE --message NAME|COLLECTION/NAME [URL] [options]
  socket-lab import packetsender FILE -o WORKSPACE [--force]
  socket-lab codegen python|node|c FILE.ndjson [-o OUT [--force]]
  socket-lab --help | --version

URL is tcp://HOST:PORT or udp://HOST:PORT (IPv6 in brackets: udp://[::1]:5005).
tls://HOST:PORT is TCP with TLS (send: verifies the server's certificate; serve: presents one):
  --ca FILE         send: trust the CA certificate(s) in this PEM file instead of the system's
  --servername NAME send: the name to ask for (SNI) and check the certificate against
  --insecure        send: accept any certificate (encrypted, but the server is NOT verified)
  --cert FILE --key FILE
                    serve: the PEM certificate and key to present; without them a self-signed
                    certificate for localhost is made once and kept in DIR/certificates
  --data-dir DIR    serve: where that certificate is kept (default: the app's data folder)
  --tls-version V   1.2 or 1.3 only (default: either)
  send prints the handshake (protocol, cipher, the server's certificate) on stderr; serve
  prints its certificate under the first line and a "secured" line per client.

send: connect (TCP) or open a socket (UDP), send, print what comes back, close.
  UDP binds 127.0.0.1 or ::1 to send to a loopback address, else 0.0.0.0 or :: (any port).
  --text T          send T as UTF-8 text (--text "" sends an empty UDP datagram; TCP needs a byte)
  --hex H           send bytes written in hex: "48 65 6c", "48656c", "0x48,0x65", "48:65"
  --escaped E       send text with escapes: \\r \\n \\t \\0 \\\\ \\xHH  (e.g. "hi\\r\\n")
  --count N         send N times on the same connection / socket (default 1)
  --interval MS     pause between repeated sends (default 0)
                    macros in --text and --escaped change with each send: {{counter}} (1, 2,
                    ...), {{time}} (14:02:03.123), {{unixtime}}, {{random:N}} (0 to N-1)
  --wait MS         after the sends, stop once no data has come for MS ms (default 1000).
                    --wait 0 stops as soon as the sends are handed to the system: a reply
                    already there is printed, a later one is not (use --until first for that)
  --until WHAT      instead of --wait, stop right after: N bytes received (a number), the peer
                    closed (close), or the first reply (first: the first framed message
                    with --frame); exit 1 if --timeout passes first
  --timeout MS      TCP connect timeout, and the longest --until waits after the sends
                    (default 5000)
  --format F        text (default), hex, json, or raw
                    json: NDJSON - a header line, one line per event (both directions), the
                    summary line last; raw: the received bytes exactly as they came, nothing
                    else on stdout (for piping), the summary on stderr
  send always stops as soon as the peer closes the connection.

send --file PATH: send a file of any size (streamed, constant memory), instead of a payload.
  --file PATH       the file's bytes as they are: TCP/TLS sends them as one stream with no
                    framing added (whatever --frame says); --file - sends standard input.
                    Progress on stderr when it is a terminal; then the summary line.
  --chunk N         UDP: bytes per datagram (1 to 65507, default 1024). UDP may lose
                    datagrams or reorder them: the receiver may not get the file whole.

serve: listen and print one line per event until Ctrl+C (SIGINT) or SIGTERM.
  --reply RULE      none (default), echo, upper, prefix:STR, fixed:STR
                    (STR is escaped text: "fixed:Hello, Client!\\r\\n")
  --close-after-reply
                    TCP: close each connection after its first reply
  --rule 'MATCH=>REPLY[ @delay=MS][ @close]'
                    repeatable, first match wins, --reply answers the rest. MATCH exact:, prefix:,
                    contains:, suffix:, regex: (JavaScript) over the text, hex: over the bytes;
                    REPLY echo, upper, prefix:STR, fixed:STR, hex:HEX with $0..$9 (regex groups).
                    Replies leave in arrival order: a delayed one holds back the later ones.
                    @close (TCP/TLS) closes the connection after the reply.
  --format F        text (default), hex, or json (the NDJSON lines after the first line)
  --record FILE     also write every event to FILE as it happens (NDJSON, payloads in base64,
                    header first, summary last); an existing FILE is refused unless --overwrite
  The first line is "listening on tcp://HOST:PORT" with the real port (ask port 0 for any free one).

send and serve, TCP only (refused on udp://):
  --frame F         how the stream is cut into messages, and how each send is framed:
                    raw (default: each read is a message), line (LF; CRLF tolerated; a send
                    gets LF), delim:ESCAPED (e.g. delim:\\0; a send gets it), fixed:N (a send
                    of another size is refused), len:1|2|4[be|le][+hdr] (a length before each
                    message: len:2 is 2 bytes big-endian; +hdr when it counts itself).
                    The rest of a message when the peer closes is printed as "(partial)".
  --max-frame BYTES a longer message closes the connection with the reason (default 16777216)
  --no-delay on|off TCP_NODELAY: each write leaves at once (default on), or Nagle gathers them
  --keep-alive MS   turn TCP keep-alive on, its first probe after MS idle ms (default off)
  --allow-half-open send only: a FIN from the server leaves our side open (CLOSE_WAIT), so
                    the rest of --count still goes out (serve refuses it: nothing would end
                    such a connection)
  A peer that resets the connection is said as "reset", one that closes as "by the peer".

send and serve:
  --quiet           print no events: only serve's "listening on" line and the summary
  --max-print BYTES print at most BYTES of each payload, then "… (N bytes)" with its full
                    length (text and hex; json and raw always carry every byte)
  --log-budget MIB  memory for the in-memory log of all sessions together (default 96)
  --encoding NAME   the text encoding of --text and of the text printed: utf-8 (default),
                    utf-16le, utf-16be, iso-8859-1, ascii, euc-kr, cp949, shift_jis, gbk.
                    Bytes that do not decode in it are printed as \\xHH, never dropped
  --export FILE     also stream the session, from its first event, to FILE in the format
                    its name ends in: .pcapng (Wireshark / tshark; the IP, TCP and UDP headers
                    are synthesized, the payloads are the real bytes), .ndjson (as --format
                    json), .csv (RFC 4180) or .txt (as printed); --overwrite replaces a FILE
  The last line is "summary: in N messages B bytes, out N messages B bytes": exact counts,
  whatever was printed. On TCP a "message" is one read chunk (bytes as the system delivered
  them, not as the peer wrote them), or one frame with --frame; on UDP it is one datagram.

UDP groups and broadcast (send and serve, udp:// only):
  --broadcast       allow sends to a broadcast address (127.255.255.255, 255.255.255.255)
  --join GROUP[,IFACE_ADDR]
                    join a multicast group (224.0.0.0/4 or ff00::/8), on the interface with
                    that address (e.g. --join 239.1.2.3,127.0.0.1); repeatable
  --ttl N           hops of multicast datagrams sent, 0 to 255
  --multicast-loop on|off
                    whether this machine hears its own multicast datagrams
  --multicast-if ADDR
                    the interface (by its address) multicast datagrams leave from
  send with --join or --broadcast binds 0.0.0.0 (or ::) and says so: a socket bound to
  127.0.0.1 hears no group or broadcast traffic. [::] serves IPv4 and IPv6 peers alike.

Simulated network problems (send and serve, udp:// only):
  --impair SPEC     drop, duplicate, delay and reorder datagrams on this socket's own send and
                    receive path, e.g. 'loss=30%,dup=5%,delay=50,jitter=20,reorder=10%,seed=7'
                    (both directions) or 'in:loss=10%;out:delay=100,jitter=20' (each its own).
                    Percentages 0 to 100, times in ms (0 to 5000); the same seed (default 1)
                    drops, doubles and reorders the same datagrams on every run. Each decision
                    is a log line; the summary counts them. TCP resends what is lost: refused.

settings: where the window keeps what you set (settings.json in the data folder: language,
  theme, recent targets, each session's name, form and composer), and what it holds.
  --reset           move it aside (settings.json.reset-TIME): the next start uses the defaults

interfaces: list this machine's interface addresses (name, address, family, loopback or
  network, whether it carries multicast): what to bind, listen or join groups on.

flood: the traffic generator - send messages of N bytes as fast as possible, or at a rate,
  until a count or a duration is reached, or until Ctrl+C / SIGTERM.
  --size N          bytes per message (UDP: at most 65507 over IPv4, 65527 over IPv6)
  --rate PPS        messages per second (default: as fast as the system takes them)
  --count N         stop after N messages     --duration S  stop after S seconds (0.5 works)
  --payload P       text (default: --text T repeated, or 0-9a-z), hex (--hex BYTES repeated),
                    or counter (each message starts with its number, 64-bit big-endian from 0)
  --timeout MS      TCP connect timeout (default 5000)
  --quiet           no live line
  Once a second a live line goes to stderr ("flood: 2.0 s, out N messages B bytes, rate R/s,
  errors E"); the last line, on stdout, is "summary: in N messages B bytes, out N messages
  B bytes, rate R/s, errors E" (out: exact, what the system took; rate: the average).
  TCP waits whenever the peer reads slower than the flood writes (memory stays bounded).

web: serve the Socket Lab window to a browser on this machine (127.0.0.1 only), with a
  WebSocket bridge to the same engine. Prints the URL, which carries a secret token.
  --port P          port to listen on (default 0: any free port)
  --data-dir DIR    where the window's recordings and settings go (DIR/captures,
                    DIR/settings.json; default: the app's data folder, e.g. ~/.config/socket-lab
                    on Linux)

Workspaces (.socketlab.json: sessions and saved messages, one file a teacher hands out):
  send --workspace FILE --message NAME
                    send a saved message (its bytes and line ending, exactly as saved) to its
                    saved target; a URL given beside it is used instead. A NAME in several
                    collections is ambiguous: write COLLECTION/NAME. The other send options apply
  import packetsender FILE -o WORKSPACE
                    Packet Sender's packets.ini or JSON export to a new workspace: names, payloads,
                    TCP, UDP and SSL (as tls://) targets. What cannot be mapped (HTTP requests, SSL
                    options, repeat, a source address) is listed on stderr, one line each
  -o, --output WORKSPACE
                    import: the workspace file to write (e.g. lesson.socketlab.json)
  --force           import: replace WORKSPACE if it exists (refused otherwise)

Copy as code (codegen): the session recorded in FILE.ndjson (send or serve --export FILE.ndjson)
  as a runnable script: python (the tutorials' style, socket.socket / sendall / recv), node (net,
  dgram) or c (POSIX sockets; Winsock differs). A client session gives a client, a server session
  a server answering as it did; each line names the event it came from. TCP and UDP, unframed.
  The script takes [HOST PORT] to talk to another address than the recorded one.
  -o, --output OUT  write the script to OUT instead of printing it (--force replaces OUT)

Exit status: 0 on success, 1 when the network says no (refused, unreachable, address in use)
or --until timed out, 2 when the command line is wrong (bad URL, port, hex, option).`;

function fail(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  if (!(err instanceof AlreadyReported)) writeStderr(`socket-lab: ${message}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
}

/**
 * Help and version text: synchronous writes to file descriptor 1. Building process.stdout for a
 * pipe loads node:net and node:stream, more than the rest of `--help` costs.
 */
async function printText(text: string): Promise<void> {
  const bytes = Buffer.from(text);
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch (err) {
    // A non-blocking stdout that is full: the stream waits for room (and exit waits for the stream).
    // Anything else (EPIPE...): nobody reads.
    if ((err as NodeJS.ErrnoException).code === 'EAGAIN')
      await new Promise((resolve) => process.stdout.write(bytes.subarray(done), resolve));
  }
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      return printText(help + '\n');
    case '--version':
    case '-v':
      return printText(`socket-lab ${process.env.npm_package_version ?? '0.1.0'}\n`);
  }
  if (rest.includes('--help')) return printText(help + '\n');
  // Standard output and error are built when first used (output.ts): most of a one-shot send runs without them.
  const out = new Output(() => process.stdout);
  try {
    // Each command is imported when it runs, never at the top of this file: see the comment above.
    switch (command) {
      case 'send':
        return await (await import('./cli/send')).runSend(rest, out);
      case 'serve':
        return await (await import('./cli/serve')).runServe(rest, out);
      case 'web':
        return await (await import('./cli/web')).runWeb(rest, out);
      case 'flood':
        return await (await import('./cli/flood')).runFlood(rest, out);
      case 'interfaces':
        return await (await import('./cli/interfaces')).runInterfaces(rest, out);
      case 'settings':
        return await (await import('./cli/settings')).runSettings(rest, out);
      case 'import':
        return await (await import('./cli/import')).runImport(rest, out);
      case 'codegen':
        return await (await import('./cli/codegen')).runCodegen(rest, out);
      default:
        // Quoting what was typed loads with the commands (cli/errors.ts): a mistake can wait for it.
        throw usage(`unknown command "${(await import('../shared/quote-input')).quoteInput(command)}"`);
    }
  } catch (err) {
    // Nobody reads the output any more: end quietly, as a filter does when its reader goes away.
    if (out.closed) return;
    await out.drained();
    fail(err);
  } finally {
    await out.drained();
  }
}
