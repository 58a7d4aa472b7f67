// Figure 7a: memory of `serve udp --reply none --quiet` after 1,000,000 logged datagrams (VmRSS and peak
// VmHWM from /proc), vs a bare node:dgram receiver after the same datagrams. The sender sends again
// what the kernel dropped, so the receiver really gets (and the engine logs) the full count.
import { MB, QUICK, atMost, int, mb, memoryOf, runFigure, runPeer, say, size, udpDrained, Failed } from '../lib/common.mjs';
import { peerReceiver, serveReceiver } from '../lib/receivers.mjs';

const COUNT = size(1_000_000, 100_000);
const RATE = 100_000;
const LIMIT = 300 * MB;

async function fill(rx) {
  const sent = await runPeer('udp-sender', { port: rx.port, count: COUNT, size: 64, rate: RATE, topUp: true }, 300_000);
  await udpDrained(rx.port);
  const mem = memoryOf(rx.pid);
  if (!mem) throw new Failed(`${rx.name} is gone (crashed?) after the datagrams: ${rx.proc.why}`);
  const counts = await rx.stop();
  return { ...mem, received: counts.messages, sent: sent.sent, dropped: sent.dropped, backlog: sent.backlog };
}

await runFigure({ id: '7a', figure: `RSS of serve udp after ${int(COUNT)} logged datagrams`, target: `<= ${LIMIT / MB} MB` }, async () => {
  // The reference first: it needs nothing from the CLI, so it is printed even when serve cannot run.
  const bare = await fill(await peerReceiver('udp-receiver'));
  say(`  bare node:dgram: RSS ${mb(bare.rss)}, peak ${mb(bare.hwm)}, ${int(bare.received)} received`);
  let eng;
  try {
    eng = await fill(await serveReceiver('udp', 'none'));
  } catch (err) {
    err.partial = { reference: `${mb(bare.hwm)} peak, bare node:dgram` };
    throw err;
  }
  say(`  serve: RSS ${mb(eng.rss)}, peak ${mb(eng.hwm)}, summary says ${int(eng.received)} in`);
  // Judged at 99% of the count or more (the rest lost before the socket on a busy machine, and said so).
  const short = eng.received < COUNT * 0.99;
  return {
    measured: `${mb(eng.hwm)} peak (RSS ${mb(eng.rss)} at the end)`,
    reference: `${mb(bare.hwm)} peak, bare node:dgram`,
    ratio: `${(eng.hwm / bare.hwm).toFixed(2)}x`,
    status: short ? 'MISSED' : atMost(eng.hwm, LIMIT),
    notes:
      `peak VmHWM judged (MB = 10^6 B); serve logged ${int(eng.received)} datagrams (summary); ` +
      `sent ${int(eng.sent)} at ${int(RATE)}/s, sending again the ${int(eng.dropped)} its socket dropped` +
      (eng.received < COUNT ? `; ${int(COUNT - eng.received)} short (${int(eng.backlog)} dropped machine-wide before any socket)` : '') +
      (short ? ` — under 99% of ${int(COUNT)}, so MISSED` : '') +
      (QUICK ? '; QUICK size' : ''),
  };
});
