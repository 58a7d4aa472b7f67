// A UDP receiver for the generator tests (engine and CLI): the counter of every datagram, and the bytes.
import dgram from 'node:dgram';
import { readFloodCounter } from '../src/shared/flood';

/** Binds host:0 with a large receive buffer; its close is pushed onto `closers` for the test's afterEach. */
export async function udpCounterReceiver(host: string, closers: (() => void)[]) {
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const seqs: number[] = [];
  let bytes = 0;
  socket.on('message', (m) => {
    bytes += m.length;
    if (m.length >= 8) seqs.push(readFloodCounter(m));
  });
  await new Promise<void>((resolve) => socket.bind({ address: host, port: 0 }, resolve));
  try {
    socket.setRecvBufferSize(4 * 1024 * 1024);
  } catch {
    // Capped by the system (net.core.rmem_max): the tests pace what must arrive whole.
  }
  closers.push(() => socket.close());
  return { port: socket.address().port, seqs, bytes: () => bytes };
}
