// Figure 7b: memory of `serve tcp --reply none --quiet` after 1 GiB of TCP input (VmRSS, peak VmHWM),
// vs a bare node:net receiver after the same bytes from the same sender.
import { GiB, MB, MiB, QUICK, atMost, int, mb, memoryOf, runFigure, runPeer, say, size, Failed } from '../lib/common.mjs';
import { peerReceiver, serveReceiver } from '../lib/receivers.mjs';

const BYTES = size(1 * GiB, 128 * MiB);
const LIMIT = 300 * MB;

async function fill(rx) {
  await runPeer('tcp-bulk-sender', { port: rx.port, bytes: BYTES, chunk: MiB }, 600_000);
  const mem = memoryOf(rx.pid);
  if (!mem) throw new Failed(`${rx.name} is gone (crashed?) after the input: ${rx.proc.why}`);
  const counts = await rx.stop();
  return { ...mem, received: counts.bytes };
}

await runFigure({ id: '7b', figure: `RSS of serve tcp after ${BYTES / MiB} MiB of input`, target: `<= ${LIMIT / MB} MB` }, async () => {
  const bare = await fill(await peerReceiver('tcp-sink'));
  say(`  bare node:net: RSS ${mb(bare.rss)}, peak ${mb(bare.hwm)}`);
  let eng;
  try {
    eng = await fill(await serveReceiver('tcp', 'none'));
  } catch (err) {
    err.partial = { reference: `${mb(bare.hwm)} peak, bare node:net` };
    throw err;
  }
  say(`  serve: RSS ${mb(eng.rss)}, peak ${mb(eng.hwm)}, summary says ${int(eng.received)} bytes in`);
  const short = eng.received !== BYTES;
  return {
    measured: `${mb(eng.hwm)} peak (RSS ${mb(eng.rss)} at the end)`,
    reference: `${mb(bare.hwm)} peak, bare node:net`,
    ratio: `${(eng.hwm / bare.hwm).toFixed(2)}x`,
    status: short ? 'MISSED' : atMost(eng.hwm, LIMIT),
    notes: `peak VmHWM judged (MB = 10^6 B); serve counted ${int(eng.received)} of ${int(BYTES)} bytes${short ? ' — not all, so not judged' : ''}${QUICK ? '; QUICK size' : ''}`,
  };
});
