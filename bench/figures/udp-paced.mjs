// Figure 1b: lossless at a paced rate that the bare node:dgram receiver takes without loss. A short
// ramp against the bare receiver finds that rate; then both receivers get it in interleaved rounds.
import {
  QUICK,
  int,
  interleaved,
  median,
  range,
  requireAvailable,
  runFigure,
  runPeer,
  say,
  size,
  udpDrained,
  NotAvailable,
} from '../lib/common.mjs';
import { peerReceiver, serveReceiver } from '../lib/receivers.mjs';

const RAMP = size([10_000, 25_000, 50_000, 100_000, 150_000, 200_000, 300_000], [10_000, 25_000, 50_000, 100_000]);
const RAMP_SECONDS = size(1, 0.5);
const ROUND_SECONDS = size(2, 1);
const ROUNDS = size(3, 2);

async function paced(start, rate, seconds) {
  const rx = await start();
  const count = Math.round(rate * seconds);
  const sent = await runPeer('udp-sender', { port: rx.port, count, size: 64, rate }, 120_000);
  await udpDrained(rx.port);
  const { messages } = await rx.stop();
  return { sent: sent.sent, received: messages, lost: sent.sent - messages, achieved: Math.round(sent.rate) };
}

const bare = () => peerReceiver('udp-receiver');

await runFigure({ id: '1b', figure: 'UDP receive, paced: lossless where bare node:dgram is', target: '0 lost' }, async () => {
  let rate = 0;
  for (const step of RAMP) {
    const r = await paced(bare, step, RAMP_SECONDS);
    say(`  ramp ${int(step)}/s (sender reached ${int(r.achieved)}/s): bare lost ${int(r.lost)} of ${int(r.sent)}`);
    if (r.lost > 0 || r.achieved < step * 0.9) break;
    rate = step;
  }
  if (rate === 0) throw new NotAvailable(`the bare receiver lost datagrams even at ${int(RAMP[0])}/s: machine too busy for this figure`);
  const r = await interleaved(ROUNDS, {
    engine: () => paced(() => serveReceiver('udp', 'none'), rate, ROUND_SECONDS),
    bare: () => paced(bare, rate, ROUND_SECONDS),
  });
  const referenceText = () => `bare lost ${range(r.bare.map((x) => x.lost))} of ${int(median(r.bare.map((x) => x.sent)))}`;
  requireAvailable(r, () => ({ reference: referenceText(), notes: `rate ${int(rate)}/s from the ramp` }));
  // Only rounds where the reference itself lost nothing say anything about the engine.
  const fair = r.engine.filter((_, i) => r.bare[i] && r.bare[i].lost === 0);
  if (fair.length === 0) {
    throw new NotAvailable(`not judged: the bare receiver itself lost datagrams in every round at ${int(rate)}/s (machine too busy)`, {
      reference: referenceText(),
      notes: `engine lost ${range(r.engine.map((x) => x.lost))}`,
    });
  }
  const lossless = fair.every((x) => x.lost === 0);
  return {
    measured: `engine lost ${range(r.engine.map((x) => x.lost))} of ${int(median(r.engine.map((x) => x.sent)))} at ${int(rate)}/s`,
    reference: referenceText(),
    ratio: `${(median(r.engine.map((x) => x.received)) / median(r.bare.map((x) => x.received))).toFixed(3)}x received`,
    status: lossless ? 'PASS' : 'MISSED',
    notes:
      `rate ${int(rate)}/s = highest ramp step (${RAMP.map((x) => `${x / 1000}k`).join(', ')}/s) the bare receiver took losslessly; ` +
      `${ROUNDS} interleaved rounds of ${ROUND_SECONDS} s, judged on the ${fair.length} where bare lost 0` +
      (QUICK ? '; QUICK size' : ''),
  };
});
