// Figure 10: peak RSS of `socket-lab send tcp://... --file F` sending a 1 GiB file to a bare sink (VmHWM
// read while it runs), vs a bare node:net client piping the same file. The file is written in 1 MiB
// pieces to a temp folder and deleted afterwards.
import { mkdtempSync, openSync, closeSync, writeSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GiB, MB, MiB, QUICK, Proc, NODE, cliArgs, int, mb, memoryOf, peer, runFigure, say, size, sleep, Failed } from '../lib/common.mjs';
import { peerReceiver } from '../lib/receivers.mjs';

const BYTES = size(1 * GiB, 64 * MiB);
const LIMIT = 150 * MB;

function makeFile(dir) {
  const file = path.join(dir, 'send.bin');
  const fd = openSync(file, 'w');
  const piece = Buffer.alloc(MiB, 0x5a);
  try {
    for (let written = 0; written < BYTES; written += MiB) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
  return file;
}

/** Runs a sender to its end, reading its peak RSS every 20 ms (VmHWM only grows, so the last read is the peak). */
async function peakOf(proc, timeoutMs) {
  let peak = 0;
  const deadline = Date.now() + timeoutMs;
  while (!proc.exit) {
    const m = memoryOf(proc.pid);
    if (m) peak = Math.max(peak, m.hwm);
    if (Date.now() > deadline) {
      proc.child.kill('SIGKILL');
      throw new Failed(`${proc.label} did not finish within ${timeoutMs / 1000} s`);
    }
    await sleep(20);
  }
  if (proc.exit.code !== 0) throw new Failed(`${proc.label} failed (status ${proc.exit.code}): ${proc.why}`);
  return peak;
}

async function sendWith(makeSender) {
  const sink = await peerReceiver('tcp-sink');
  const proc = makeSender(sink.port);
  const peak = await peakOf(proc, 600_000);
  // The sink counts what arrived: let the last bytes in before asking.
  await sleep(200);
  const counts = await sink.stop();
  return { peak, received: counts.bytes ?? 0 };
}

await runFigure({ id: '10', figure: `file send ${BYTES / MiB} MiB: peak RSS of send --file`, target: `< ${LIMIT / MB} MB` }, async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'socket-lab-bench-file-'));
  try {
    const file = makeFile(dir);
    const bare = await sendWith((port) => peer('file-sender', { port, file }, 'bare node:net pipe'));
    say(`  bare node:net pipe: peak ${mb(bare.peak)}, sink got ${int(bare.received)} bytes`);
    const eng = await sendWith(
      (port) =>
        new Proc(NODE, cliArgs('send', `tcp://127.0.0.1:${port}`, '--file', file, '--wait', '0'), { label: 'socket-lab send --file' }),
    );
    say(`  send --file: peak ${mb(eng.peak)}, sink got ${int(eng.received)} bytes`);
    const short = eng.received !== BYTES;
    return {
      measured: `${mb(eng.peak)} peak`,
      reference: `${mb(bare.peak)} peak, bare node:net pipe`,
      ratio: `${(eng.peak / bare.peak).toFixed(2)}x`,
      status: short ? 'MISSED' : eng.peak < LIMIT ? 'PASS' : 'MISSED',
      notes: `peak VmHWM read every 20 ms (MB = 10^6 B); the sink got ${int(eng.received)} of ${int(BYTES)} bytes${short ? ' — not all' : ''}${QUICK ? '; QUICK size' : ''}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
