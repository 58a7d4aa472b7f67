// Figure 3a: TCP echo round trips through `serve tcp --reply echo --quiet` vs socat (TCP-LISTEN,fork PIPE),
// one Node pinger child and one connection against both.
import { QUICK, atLeast, int, interleaved, median, range, ratioText, requireAvailable, runFigure, runPeer, size } from '../lib/common.mjs';
import { serveReceiver, socatTcpEcho } from '../lib/receivers.mjs';

const COUNT = size(20_000, 2_000);
const ROUNDS = size(5, 2);
const TARGET = 0.8;

async function round(start) {
  const server = await start();
  const r = await runPeer('tcp-pinger', { port: server.port, count: COUNT, warmup: 200, size: 32 }, 300_000);
  await server.stop();
  return r.rate;
}

await runFigure(
  { id: '3a', figure: `TCP echo: ${int(COUNT)} x 32 B round trips, one connection (rt/s)`, target: `>= ${TARGET.toFixed(2)}x` },
  async () => {
    const r = await interleaved(ROUNDS, { engine: () => round(() => serveReceiver('tcp', 'echo')), socat: () => round(socatTcpEcho) });
    requireAvailable(r, () => ({
      reference: r.socat.length ? `${int(median(r.socat))} socat PIPE` : '',
      notes: `socat ${range(r.socat)} rt/s`,
    }));
    const ratio = median(r.engine) / median(r.socat);
    return {
      measured: `${int(median(r.engine))} rt/s`,
      reference: `${int(median(r.socat))} socat PIPE`,
      ratio: ratioText(ratio, TARGET),
      status: atLeast(ratio, TARGET),
      notes: `median of ${ROUNDS} interleaved rounds; engine ${range(r.engine)}, socat ${range(r.socat)} rt/s; 200 untimed warm-up pings${QUICK ? '; QUICK size' : ''}`,
    };
  },
);
