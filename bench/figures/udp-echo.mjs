// Figure 3b: UDP echo round trips through `serve udp --reply echo --quiet` vs socat (UDP-LISTEN PIPE),
// one Node pinger child and one socket against both.
import { QUICK, atLeast, int, interleaved, median, range, ratioText, requireAvailable, runFigure, runPeer, size } from '../lib/common.mjs';
import { serveReceiver, socatUdpEcho } from '../lib/receivers.mjs';

const COUNT = size(20_000, 2_000);
const ROUNDS = size(5, 2);
const TARGET = 0.8;

async function round(start) {
  const server = await start();
  const r = await runPeer('udp-pinger', { port: server.port, count: COUNT, warmup: 200, size: 32 }, 300_000);
  await server.stop();
  return r;
}

await runFigure(
  { id: '3b', figure: `UDP echo: ${int(COUNT)} x 32 B round trips, one socket (rt/s)`, target: `>= ${TARGET.toFixed(2)}x` },
  async () => {
    const r = await interleaved(ROUNDS, { engine: () => round(() => serveReceiver('udp', 'echo')), socat: () => round(socatUdpEcho) });
    const rates = (side) => r[side].map((x) => x.rate);
    const lost = (side) => r[side].reduce((a, x) => a + x.lost, 0);
    requireAvailable(r, () => ({
      reference: r.socat.length ? `${int(median(rates('socat')))} socat PIPE` : '',
      notes: `socat ${range(rates('socat'))} rt/s`,
    }));
    const ratio = median(rates('engine')) / median(rates('socat'));
    return {
      measured: `${int(median(rates('engine')))} rt/s`,
      reference: `${int(median(rates('socat')))} socat PIPE`,
      ratio: ratioText(ratio, TARGET),
      status: atLeast(ratio, TARGET),
      notes:
        `median of ${ROUNDS} interleaved rounds; engine ${range(rates('engine'))}, socat ${range(rates('socat'))} rt/s; ` +
        `lost echoes (200 ms each, left out of the time) engine ${lost('engine')}, socat ${lost('socat')}${QUICK ? '; QUICK size' : ''}`,
    };
  },
);
