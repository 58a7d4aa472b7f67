// Figure 5b: the generator at a target rate, `socket-lab flood udp://... --size 64 --rate 20000
// --count N` (a few seconds), vs the bare node:dgram paced sender at the same target; rate at the sink.
import {
  CLI,
  NODE,
  QUICK,
  fmt,
  int,
  interleaved,
  isUnknownOption,
  median,
  range,
  requireAvailable,
  runFigure,
  runPeer,
  size,
  timeProcess,
  NotAvailable,
  HOST,
} from '../lib/common.mjs';
import { rateAtSink } from '../lib/udp-sink.mjs';

const RATE = 20_000;
const SECONDS = size(5, 2);
const COUNT = RATE * SECONDS;
const ROUNDS = size(2, 1);
const TOLERANCE = 0.05;

async function flood(port) {
  const run = await timeProcess(
    NODE,
    [CLI, 'flood', `udp://${HOST}:${port}`, '--size', '64', '--rate', String(RATE), '--count', String(COUNT)],
    { expectCode: null, timeoutMs: (SECONDS * 4 + 30) * 1000 },
  );
  if (isUnknownOption(run.code, run.err)) throw new NotAvailable(`flood --rate: "${run.err.trim().split('\n')[0]}"`);
  if (run.code !== 0) throw new Error(`socket-lab flood exited with ${run.code}: ${run.err.trim().split('\n')[0]}`);
  return run;
}

const off = (rate) => {
  const pct = Math.round((rate / RATE - 1) * 1000) / 10;
  return `${pct > 0 ? '+' : ''}${fmt(pct === 0 ? 0 : pct, 1)}%`;
};

await runFigure(
  { id: '5b', figure: `generator: flood udp at --rate ${int(RATE)} for ${SECONDS} s (datagrams/s)`, target: `within ${TOLERANCE * 100}%` },
  async () => {
    const r = await interleaved(ROUNDS, {
      engine: async () => (await rateAtSink(flood)).rate,
      node: async () => (await rateAtSink((port) => runPeer('udp-sender', { port, count: COUNT, size: 64, rate: RATE }, 120_000))).rate,
    });
    requireAvailable(r, () => ({
      reference: `${int(median(r.node))} bare node:dgram paced (${off(median(r.node))})`,
      notes: `node ${range(r.node)}/s at a target of ${int(RATE)}/s; rate taken at the sink`,
    }));
    const worst = r.engine.reduce((w, x) => (Math.abs(x / RATE - 1) > Math.abs(w / RATE - 1) ? x : w), r.engine[0]);
    return {
      measured: `${int(median(r.engine))}/s (${off(median(r.engine))})`,
      reference: `${int(median(r.node))} bare node:dgram paced (${off(median(r.node))})`,
      ratio: `${(median(r.engine) / RATE).toFixed(3)} of target`,
      status: Math.abs(worst / RATE - 1) <= TOLERANCE ? 'PASS' : 'MISSED',
      notes: `every round must be within ${TOLERANCE * 100}% (worst ${off(worst)}); flood ${range(r.engine)}/s, node ${range(r.node)}/s; ${ROUNDS} interleaved round(s)${QUICK ? '; QUICK size' : ''}`,
    };
  },
);
