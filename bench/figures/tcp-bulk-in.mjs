// Figure 2a: TCP bulk into `serve --reply none --quiet` vs a socat sink (socat -u TCP-LISTEN ... /dev/null),
// from the same Node sender child (1 MiB writes), timed until the receiver has read every byte.
import {
  GiB,
  MiB,
  QUICK,
  atLeast,
  fmt,
  int,
  interleaved,
  median,
  mibps,
  range,
  ratioText,
  requireAvailable,
  runFigure,
  runPeer,
  size,
  Failed,
} from '../lib/common.mjs';
import { serveReceiver, socatTcpSink } from '../lib/receivers.mjs';

const BYTES = size(1 * GiB, 64 * MiB);
const ROUNDS = size(3, 2);
const TARGET = 0.5;

async function round(start, counted) {
  const rx = await start();
  const r = await runPeer('tcp-bulk-sender', { port: rx.port, bytes: BYTES, chunk: MiB }, 600_000);
  const counts = await rx.stop();
  if (counted && counts.bytes !== BYTES) throw new Failed(`serve counted ${int(counts.bytes)} bytes in, ${int(BYTES)} were sent`);
  return mibps(BYTES, r.ms);
}

await runFigure(
  { id: '2a', figure: `TCP bulk in: ${BYTES / MiB} MiB in 1 MiB writes (MiB/s)`, target: `>= ${TARGET.toFixed(2)}x` },
  async () => {
    const r = await interleaved(ROUNDS, {
      engine: () => round(() => serveReceiver('tcp', 'none'), true),
      socat: () => round(socatTcpSink, false),
    });
    requireAvailable(r, () => ({
      reference: r.socat.length ? `${fmt(median(r.socat), 0)} socat sink` : '',
      notes: `socat ${range(r.socat)}`,
    }));
    const ratio = median(r.engine) / median(r.socat);
    return {
      measured: `${fmt(median(r.engine), 0)} MiB/s`,
      reference: `${fmt(median(r.socat), 0)} socat sink`,
      ratio: ratioText(ratio, TARGET),
      status: atLeast(ratio, TARGET),
      notes: `median of ${ROUNDS} interleaved rounds; engine ${range(r.engine)}, socat ${range(r.socat)} MiB/s; byte count checked against serve's summary${QUICK ? '; QUICK size' : ''}`,
    };
  },
);
