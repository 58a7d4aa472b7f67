// Figure 4a: one-shot `socket-lab send tcp://... --text hi --until close` to an echo server that closes,
// vs a bare node:net client script doing the same; whole-process time (spawn to exit), many runs, median.
import path from 'node:path';
import {
  CLI,
  NODE,
  PEERS,
  QUICK,
  atMost,
  fmt,
  interleaved,
  isUnknownOption,
  median,
  range,
  ratioText,
  runFigure,
  say,
  size,
  timeProcess,
  Failed,
  HOST,
} from '../lib/common.mjs';
import { peerReceiver } from '../lib/receivers.mjs';

const RUNS = size(20, 6);
const TARGET = 1.3;

await runFigure(
  { id: '4a', figure: 'one-shot send "hi" to an echo server that closes (ms)', target: `<= ${TARGET.toFixed(2)}x` },
  async () => {
    const server = await peerReceiver('echo-close-server');
    const url = `tcp://${HOST}:${server.port}`;
    let args = [CLI, 'send', url, '--text', 'hi', '--until', 'close'];
    let note = 'send --until close';
    const first = await timeProcess(NODE, args, { expectCode: null, timeoutMs: 30_000 });
    if (isUnknownOption(first.code, first.err)) {
      note = `--until is not available ("${first.err.trim().split('\n')[0]}"): plain send, which exits when the peer closes`;
      say(`  ${note}`);
      args = [CLI, 'send', url, '--text', 'hi'];
    }
    const raw = [path.join(PEERS, 'oneshot-client.mjs'), String(server.port), 'hi'];
    const check = (run, who) => {
      if (!run.out.includes('hi'))
        throw new Failed(
          `${who} did not print the echoed "hi" (stdout: ${JSON.stringify(run.out.slice(0, 80))}, stderr: ${run.err.trim().split('\n')[0] ?? ''})`,
        );
      return run.ms;
    };
    // One untimed run each: the first start of a program pays for the file cache.
    check(await timeProcess(NODE, args), 'socket-lab send');
    check(await timeProcess(NODE, raw), 'the raw client');
    const r = await interleaved(
      RUNS,
      {
        engine: async () => check(await timeProcess(NODE, args), 'socket-lab send'),
        raw: async () => check(await timeProcess(NODE, raw), 'the raw client'),
      },
      'run',
    );
    await server.stop();
    const ratio = median(r.engine) / median(r.raw);
    return {
      measured: `${fmt(median(r.engine), 0)} ms`,
      reference: `${fmt(median(r.raw), 0)} ms raw node:net client`,
      ratio: ratioText(ratio, TARGET),
      status: atMost(ratio, TARGET),
      notes: `${note}; median of ${RUNS} interleaved runs; engine ${range(r.engine, (v) => fmt(v, 0))} ms, raw ${range(r.raw, (v) => fmt(v, 0))} ms${QUICK ? '; QUICK size' : ''}`,
    };
  },
);
