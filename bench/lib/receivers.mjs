// Receivers the figures compare, behind one shape: { port, pid, stop() -> counts }. Each is a child
// process of its own, started fresh for every round.
import { peer, startServe, stopServe, which, freePort, Proc, tcpListening, udpBound, NotAvailable, HOST } from './common.mjs';

/** `socket-lab serve udp|tcp://127.0.0.1:0 --reply R --quiet`; counts from its final summary line. */
export async function serveReceiver(transport, reply = 'none', extra = []) {
  const proc = await startServe(transport, reply, extra);
  return {
    name: `serve ${transport} --reply ${reply}`,
    port: proc.port,
    pid: proc.pid,
    proc,
    stop: async () => {
      const s = await stopServe(proc);
      return { messages: s.inMessages, bytes: s.inBytes, outMessages: s.outMessages, outBytes: s.outBytes };
    },
  };
}

/** A bare node receiver from bench/peers (udp-receiver, tcp-sink, tcp-echo-server...). */
export async function peerReceiver(name, options = {}) {
  const proc = peer(name, options);
  const m = await proc.waitForLine(/^port (\d+)/, 15_000, 'its port');
  return {
    name,
    port: Number(m[1]),
    pid: proc.pid,
    proc,
    stop: async () => {
      await proc.stop('SIGTERM', 15_000);
      return proc.json() ?? {};
    },
  };
}

/** socat with a port picked just before (it cannot report one it chose): retried if the port was taken meanwhile. */
export async function socat(addressFor, transport, label) {
  if (!which('socat')) throw new NotAvailable('socat is not installed (Debian: sudo apt-get install socat)');
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await freePort();
    const proc = new Proc('socat', ['-d', '-d', '-lu', ...addressFor(port)], { label });
    const ready = await (transport === 'tcp' ? tcpListening(port) : udpBound(port));
    if (ready && !proc.exit) {
      return {
        name: label,
        port,
        pid: proc.pid,
        proc,
        stop: async () => {
          await proc.stop('SIGTERM', 10_000);
          return {};
        },
      };
    }
    await proc.stop('SIGKILL', 5_000);
  }
  throw new Error(`${label}: could not listen on a free port in 4 attempts`);
}

export const socatTcpSink = () => socat((p) => ['-u', `TCP-LISTEN:${p},bind=${HOST},reuseaddr`, 'OPEN:/dev/null'], 'tcp', 'socat TCP sink');
export const socatTcpEcho = () => socat((p) => [`TCP-LISTEN:${p},bind=${HOST},reuseaddr,fork`, 'PIPE'], 'tcp', 'socat TCP echo (PIPE)');
export const socatUdpEcho = () => socat((p) => [`UDP-LISTEN:${p},bind=${HOST}`, 'PIPE'], 'udp', 'socat UDP echo (PIPE)');
