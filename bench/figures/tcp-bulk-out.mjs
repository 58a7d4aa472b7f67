// Figure 2b: TCP bulk out of socket-lab (`flood tcp://` with 1 MiB messages; `send --count` where
// flood is not there) vs socat sending the same bytes (socat -u OPEN:/dev/zero,readbytes=N TCP:...),
// both into the same kind of socat sink, timed by the sink's own log (accept -> EOF, microseconds).
import {
  CLI,
  GiB,
  KiB,
  MiB,
  NODE,
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
  say,
  size,
  timeProcess,
  Failed,
  NotAvailable,
  HOST,
} from '../lib/common.mjs';
import { socatTcpSink } from '../lib/receivers.mjs';

const BYTES = size(1 * GiB, 64 * MiB);
const ROUNDS = size(3, 2);
const TARGET = 0.5;

const stamp = (line) => {
  const m = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6})/.exec(line);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) + Number(m[7]) / 1000 : NaN;
};

/** Elapsed ms between the sink's accept and its EOF, from its -d -d -lu log. */
function sinkElapsed(sink) {
  const lines = sink.proc.stderr.split('\n');
  const errors = lines.filter((l) => / E /.test(l));
  if (errors.length) throw new Failed(`the socat sink reported: ${errors[0].replace(/^.*? E /, '')}`);
  const accepted = stamp(lines.find((l) => /accepting connection/.test(l)) ?? '');
  const eof = stamp(lines.find((l) => /is at EOF/.test(l)) ?? '');
  if (!Number.isFinite(accepted) || !Number.isFinite(eof)) throw new Error(`socat sink log without accept/EOF lines:\n${sink.proc.stderr}`);
  return eof - accepted;
}

/** How socket-lab sends BYTES: flood with 1 MiB messages; 64 KiB ones if it refuses those; without
 * flood, `send` of a 64 KiB text --count times (the only big-payload path the CLI has then). */
const floodPlan = (messageSize) => ({
  what: `flood --size ${messageSize / KiB} KiB`,
  args: (url) => ['flood', url, '--size', String(messageSize), '--count', String(BYTES / messageSize)],
});
const sendPlan = (why) => ({
  what: `send --text (64 KiB) --count ${BYTES / (64 * KiB)}, as flood is not available ("${why}")`,
  args: (url) => ['send', url, '--text', 'b'.repeat(64 * KiB), '--count', String(BYTES / (64 * KiB)), '--wait', '0'],
  fallback: true,
});
let plan = floodPlan(MiB);

async function socketLabRound() {
  const sink = await socatTcpSink();
  let run;
  try {
    run = await timeProcess(NODE, [CLI, ...plan.args(`tcp://${HOST}:${sink.port}`)], { timeoutMs: 600_000 });
  } catch (err) {
    if (err.code !== 2) throw err;
    // A command line it does not take: the next form, on a fresh sink.
    const why = err.stderr.trim().split('\n')[0] ?? '';
    await sink.stop();
    if (/unknown command/i.test(why) && !plan.fallback) plan = sendPlan(why);
    else if (plan.what === floodPlan(MiB).what) plan = floodPlan(64 * KiB);
    else throw new NotAvailable(`${plan.what}: "${why}"`);
    say(`  now trying ${plan.what}`);
    return socketLabRound();
  }
  await sink.proc.waitExit(30_000, 'end after EOF');
  const ms = sinkElapsed(sink);
  const said = /summary:.*?out (\d+) messages (\d+) bytes/.exec(run.out) ?? /summary:.*?\b(\d+) messages\D+(\d+) bytes/.exec(run.out);
  if (said && Number(said[2]) !== BYTES) throw new Failed(`socket-lab reported ${int(Number(said[2]))} bytes sent, not ${int(BYTES)}`);
  plan.verified = Boolean(said);
  return mibps(BYTES, ms);
}

async function socatRound() {
  const sink = await socatTcpSink();
  await timeProcess('socat', ['-u', `OPEN:/dev/zero,readbytes=${BYTES}`, `TCP:${HOST}:${sink.port}`], { timeoutMs: 600_000 });
  await sink.proc.waitExit(30_000, 'end after EOF');
  return mibps(BYTES, sinkElapsed(sink));
}

await runFigure(
  { id: '2b', figure: `TCP bulk out: ${BYTES / MiB} MiB to a socat sink (MiB/s)`, target: `>= ${TARGET.toFixed(2)}x` },
  async () => {
    const r = await interleaved(ROUNDS, { engine: socketLabRound, socat: socatRound });
    requireAvailable(r, () => ({
      reference: r.socat.length ? `${fmt(median(r.socat), 0)} socat sender` : '',
      notes: `socat ${range(r.socat)} MiB/s`,
    }));
    const ratio = median(r.engine) / median(r.socat);
    return {
      measured: `${fmt(median(r.engine), 0)} MiB/s`,
      reference: `${fmt(median(r.socat), 0)} socat sender`,
      ratio: ratioText(ratio, TARGET),
      status: atLeast(ratio, TARGET),
      notes:
        `socket-lab ${plan.what}; median of ${ROUNDS} interleaved rounds; engine ${range(r.engine)}, socat ${range(r.socat)} MiB/s; ` +
        `timed by the sink (accept to EOF)${plan.verified ? '; bytes checked against the summary line' : '; byte count not checked (no summary line)'}` +
        (QUICK ? '; QUICK size' : ''),
    };
  },
);
