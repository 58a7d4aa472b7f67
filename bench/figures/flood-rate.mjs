// Figure 5a: the generator's top rate, `socket-lab flood udp://... --size 64 --count N`, vs a bare
// node:dgram send loop (the target's reference) and a C send loop (printed beside it), all three
// measured at the same non-reading sink.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CLI,
  NODE,
  PEERS,
  QUICK,
  atLeast,
  int,
  interleaved,
  isUnknownOption,
  median,
  range,
  ratioText,
  requireAvailable,
  runFigure,
  runPeer,
  size,
  timeProcess,
  which,
  NotAvailable,
  HOST,
} from '../lib/common.mjs';
import { rateAtSink } from '../lib/udp-sink.mjs';

const COUNT = size(1_000_000, 200_000);
const ROUNDS = size(3, 2);
const TARGET = 0.8;

/** The C sender, compiled for this run into a temporary folder; null (and why) without gcc. */
function compileC() {
  const gcc = which('gcc') ?? which('cc');
  if (!gcc) return { binary: null, why: 'gcc is not installed: no C-speed figure' };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'socket-lab-bench-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const binary = path.join(dir, 'udp-send-loop');
  try {
    execFileSync(gcc, ['-O2', '-o', binary, path.join(PEERS, 'udp-send-loop.c')], { stdio: 'pipe' });
    return { binary, why: '' };
  } catch (err) {
    return {
      binary: null,
      why: `the C sender did not compile: ${
        String(err.stderr ?? err.message)
          .trim()
          .split('\n')[0]
      }`,
    };
  }
}

async function flood(port) {
  const run = await timeProcess(NODE, [CLI, 'flood', `udp://${HOST}:${port}`, '--size', '64', '--count', String(COUNT)], {
    expectCode: null,
    timeoutMs: 300_000,
  });
  if (isUnknownOption(run.code, run.err)) throw new NotAvailable(`flood: "${run.err.trim().split('\n')[0]}"`);
  if (run.code !== 0) throw new Error(`socket-lab flood exited with ${run.code}: ${run.err.trim().split('\n')[0]}`);
  return run;
}

await runFigure(
  { id: '5a', figure: `generator: flood udp ${int(COUNT)} x 64 B, top rate (datagrams/s)`, target: `>= ${TARGET.toFixed(2)}x` },
  async () => {
    const c = compileC();
    const variants = {
      engine: async () => (await rateAtSink(flood)).rate,
      node: async () => (await rateAtSink((port) => runPeer('udp-sender', { port, count: COUNT, size: 64 }, 300_000))).rate,
    };
    if (c.binary) {
      variants.c = async () =>
        (await rateAtSink((port) => timeProcess(c.binary, [HOST, String(port), String(COUNT), '64'], { timeoutMs: 300_000 }))).rate;
    }
    const r = await interleaved(ROUNDS, variants);
    const cText = c.binary ? `C loop ${int(median(r.c))}/s (${range(r.c)})` : c.why;
    const reference = `${int(median(r.node))} bare node:dgram; ${c.binary ? `${int(median(r.c))} C loop` : 'C: n/a'}`;
    requireAvailable(r, () => ({ reference, notes: `node ${range(r.node)}/s; ${cText}` }));
    const ratio = median(r.engine) / median(r.node);
    return {
      measured: `${int(median(r.engine))}/s`,
      reference,
      ratio: ratioText(ratio, TARGET),
      status: atLeast(ratio, TARGET),
      notes:
        `median of ${ROUNDS} interleaved rounds; flood ${range(r.engine)}/s, node ${range(r.node)}/s, ${cText}` +
        (c.binary ? `; flood/C ${ratioText(median(r.engine) / median(r.c))}` : '') +
        `; rate taken at the sink between first and last datagram${QUICK ? '; QUICK size' : ''}`,
    };
  },
);
