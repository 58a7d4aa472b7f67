// Figure 1a: UDP receive into the engine with logging on vs a bare node:dgram receiver, both fed the
// same blast from the same sender child; counted by serve's summary line and the bare receiver's count.
import {
  QUICK,
  atLeast,
  int,
  interleaved,
  median,
  range,
  ratioText,
  requireAvailable,
  runFigure,
  runPeer,
  size,
  udpDrained,
} from '../lib/common.mjs';
import { peerReceiver, serveReceiver } from '../lib/receivers.mjs';

const COUNT = size(300_000, 50_000);
const ROUNDS = size(5, 2);
const TARGET = 0.7;

async function round(start) {
  const rx = await start();
  const sent = await runPeer('udp-sender', { port: rx.port, count: COUNT, size: 64 }, 120_000);
  await udpDrained(rx.port);
  const { messages } = await rx.stop();
  return { received: messages, dropped: sent.dropped, senderRate: sent.rate };
}

await runFigure(
  { id: '1a', figure: `UDP receive: ${int(COUNT)} x 64 B blast, logging on`, target: `>= ${TARGET.toFixed(2)}x` },
  async () => {
    const r = await interleaved(ROUNDS, {
      engine: () => round(() => serveReceiver('udp', 'none')),
      bare: () => round(() => peerReceiver('udp-receiver')),
    });
    const eng = r.engine.map((x) => x.received);
    const ref = r.bare.map((x) => x.received);
    requireAvailable(r, () => ({ reference: `${int(median(ref))} bare node:dgram`, notes: `bare ${range(ref)} of ${int(COUNT)} sent` }));
    const ratio = median(eng) / median(ref);
    const unaccounted = [...r.engine, ...r.bare].map((x) => COUNT - x.received - x.dropped);
    return {
      measured: `${int(median(eng))} received`,
      reference: `${int(median(ref))} bare node:dgram`,
      ratio: ratioText(ratio, TARGET),
      status: atLeast(ratio, TARGET),
      notes:
        `median of ${ROUNDS} interleaved rounds; engine ${range(eng)}, bare ${range(ref)}; ` +
        `sender ${range([...r.engine, ...r.bare].map((x) => x.senderRate))}/s; ` +
        `socket drops (kernel) engine ${range(r.engine.map((x) => x.dropped))}, bare ${range(r.bare.map((x) => x.dropped))}` +
        (Math.max(...unaccounted) > 0 ? `; up to ${int(Math.max(...unaccounted))} lost before the socket (loopback backlog)` : '') +
        (QUICK ? '; QUICK size' : ''),
    };
  },
);
