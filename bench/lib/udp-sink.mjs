// A sender's UDP rate as the receiving side sees it: a port that never reads (bench/peers/udp-blackhole.mjs)
// and the kernel's per-socket drop counter sampled every millisecond. The same clock for every sender,
// process start-up left out: the rate is taken between the first and the last datagram seen.
import { now, peer, sleep, udpSocket } from './common.mjs';

/** Starts the sink; `run(port)` runs the sender to its end. Returns { rate, arrived, ms, result }. */
export async function rateAtSink(run) {
  const sink = peer('udp-blackhole', { maxMs: 600_000 });
  const port = Number((await sink.waitForLine(/^port (\d+)/, 15_000, 'its port'))[1]);
  const samples = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const s = udpSocket(port);
      samples.push({ t: now(), drops: s ? s.drops : 0 });
      await sleep(1);
    }
  })();
  let result;
  try {
    result = await run(port);
    await sleep(50); // the last datagrams in flight
  } finally {
    sampling = false;
    await sampler;
    await sink.stop('SIGKILL', 5_000);
  }
  const first = samples.find((s) => s.drops > 0);
  const last = samples.findLast((s, i) => i > 0 && s.drops !== samples[i - 1].drops);
  if (!first || !last || last.t <= first.t) return { rate: NaN, arrived: first ? (last?.drops ?? 0) : 0, ms: 0, result };
  return { rate: ((last.drops - first.drops) / (last.t - first.t)) * 1000, arrived: last.drops, ms: last.t - first.t, result };
}
