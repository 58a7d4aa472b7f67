// Figure 4b: `socket-lab --help` vs `node -e 0`: whole-process time (spawn to exit), many runs, median.
import {
  CLI,
  NODE,
  QUICK,
  atMost,
  fmt,
  interleaved,
  median,
  range,
  ratioText,
  runFigure,
  size,
  timeProcess,
  Failed,
} from '../lib/common.mjs';

const RUNS = size(30, 8);
const TARGET = 1.2;

await runFigure({ id: '4b', figure: '`socket-lab --help` start-up (ms)', target: `<= ${TARGET.toFixed(2)}x` }, async () => {
  const help = async () => {
    const run = await timeProcess(NODE, [CLI, '--help']);
    if (!/Usage/i.test(run.head)) throw new Failed('socket-lab --help printed no usage');
    return run.ms;
  };
  const bare = async () => (await timeProcess(NODE, ['-e', '0'])).ms;
  await help(); // untimed: the file cache
  await bare();
  const r = await interleaved(RUNS, { engine: help, node: bare }, 'run');
  const ratio = median(r.engine) / median(r.node);
  return {
    measured: `${fmt(median(r.engine), 0)} ms`,
    reference: `${fmt(median(r.node), 0)} ms node -e 0`,
    ratio: ratioText(ratio, TARGET),
    status: atMost(ratio, TARGET),
    notes: `median of ${RUNS} interleaved runs; --help ${range(r.engine, (v) => fmt(v, 0))} ms, node -e 0 ${range(r.node, (v) => fmt(v, 0))} ms${QUICK ? '; QUICK size' : ''}`,
  };
});
