// Predict -> run -> explain: each kind of question graded on the rows the engine really recorded during a run
// against the seed-style Python peers (and a plain Node socket where the test needs two writes in one).
import net from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { EngineError } from '../../src/main/engine/errors';
import { parseImpairSpec, type ImpairSettings } from '../../src/shared/impair';
import { autoReplySchema } from '../../src/shared/schema-parts';
import { builtInQuestions, isCorrect, outcomeOf, type PredictionQuestion } from '../../src/shared/lesson/predictions';
import { runClient, startServer, stopPeers } from '../peers/spawn-peer';
import { bytesOf, freePort, isDataIn, isType, record, type Recorder } from './helpers';

let engine: Engine;
let rec: Recorder;

beforeEach(() => {
  engine = new Engine();
  rec = record(engine);
});

afterEach(async () => {
  await engine.closeAll();
  await stopPeers();
});

const question = (id: string): PredictionQuestion => builtInQuestions.find((q) => q.id === id)!;
/** The rows logged since `from` (where Start was pressed), as the window fetches them. */
const rowsSince = (sessionId: string, from: number) => engine.rows(sessionId, from, 2000).rows;
const impairOf = (spec: string): ImpairSettings => {
  const parsed = parseImpairSpec(spec);
  if (!parsed.ok) throw new Error(spec);
  return parsed.value;
};
const none = () => autoReplySchema().parse({ mode: 'none' });
const logEnd = (sessionId: string): number => engine.rows(sessionId, 0, 0).total;

it('a TCP client of the "ACK : " server: one read, and recv() returns "ACK : hello"', async () => {
  const server = await startServer('tcp_ack_server');
  const client = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port: server.port, connectTimeoutMs: 5000 });
  await rec.waitFor(isType('opened', client.id));
  const start = logEnd(client.id);
  await engine.send(client.id, bytesOf('hello'));
  await rec.waitFor(isDataIn(client.id, 'ACK : hello'));

  const reads = outcomeOf(question('reads'), rowsSince(client.id, start));
  expect(reads).toMatchObject({ actual: 1, dataIn: 1, dataOut: 1, explainKey: 'dataCountOne' });
  expect(isCorrect(question('reads'), 1, reads.actual)).toBe(true);
  expect(isCorrect(question('reads'), 2, reads.actual)).toBe(false);
  const text = outcomeOf(question('firstRecv'), rowsSince(client.id, start));
  expect(text.actual).toBe('ACK : hello');
  expect(isCorrect(question('firstRecv'), 'ACK : hello', text.actual)).toBe(true);
  // Rows from before Start are not part of the run.
  expect(outcomeOf(question('reads'), rowsSince(client.id, logEnd(client.id))).actual).toBe(0);
});

it('a server sees two lines written at once as one data event: TCP keeps no message boundaries', async () => {
  const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, autoReply: none() });
  const start = logEnd(server.id);
  const socket = net.connect({ host: '127.0.0.1', port: server.local!.port });
  socket.write('one\ntwo\n');
  await rec.until(() => rec.text(server.id, 'in') === 'one\ntwo\n');
  socket.end();
  const outcome = outcomeOf(question('reads'), rowsSince(server.id, start));
  expect(outcome).toMatchObject({ actual: 1, explainKey: 'dataCountOne' });
  expect(isCorrect(question('reads'), 2, outcome.actual)).toBe(false);
});

it('a UDP socket gets one datagram back from the seed 004 server; with every datagram lost, none', async () => {
  const server = await startServer('udp_hello_server');
  const socket = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: none() });
  const start = logEnd(socket.id);
  await engine.send(socket.id, bytesOf('Hello, UDP Server!'), { kind: 'peer', host: '127.0.0.1', port: server.port });
  await rec.waitFor(isDataIn(socket.id, 'Hello, UDP Client!'));
  const outcome = outcomeOf(question('datagrams'), rowsSince(socket.id, start));
  expect(outcome).toMatchObject({ actual: 1, explainKey: 'datagramsEach' });

  const lossy = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: none(), impair: impairOf('out:loss=100%,seed=7') });
  const from = logEnd(lossy.id);
  for (let i = 0; i < 3; i++) await engine.send(lossy.id, bytesOf(`lost ${i}`), { kind: 'peer', host: '127.0.0.1', port: server.port });
  await rec.until(() => rowsSince(lossy.id, from).filter((r) => r.type === 'notice').length >= 3);
  await new Promise((r) => setTimeout(r, 200));
  expect(outcomeOf(question('datagrams'), rowsSince(lossy.id, from)).actual).toBe(0);
});

it('a connect to a closed port is refused; a peer that resets gives ECONNRESET; a quiet run gives none', async () => {
  const port = await freePort();
  const failed = await engine.open({ kind: 'tcp-client', host: '127.0.0.1', port, connectTimeoutMs: 5000 }).catch((e: unknown) => e);
  expect(failed).toBeInstanceOf(EngineError);
  const refused = outcomeOf(question('clientError'), [], [(failed as EngineError).code]);
  expect(refused).toMatchObject({ actual: 'ECONNREFUSED', explainKey: 'errorECONNREFUSED' });
  expect(isCorrect(question('clientError'), 'ECONNREFUSED', refused.actual)).toBe(true);
  expect(isCorrect(question('clientError'), 'none', refused.actual)).toBe(false);

  const server = await engine.open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, autoReply: none() });
  const start = logEnd(server.id);
  await runClient('tcp_reset_client', ['127.0.0.1', String(server.local!.port), '6869']);
  await rec.waitFor((e) => e.sessionId === server.id && e.type === 'closed' && e.connectionId !== undefined);
  const reset = outcomeOf(question('clientError'), rowsSince(server.id, start));
  expect(reset.reset).toBe(true);
  expect(reset.actual).toBe('ECONNRESET');

  const quiet = await engine.open({ kind: 'udp', host: '127.0.0.1', port: 0, autoReply: none() });
  expect(outcomeOf(question('clientError'), rowsSince(quiet.id, 0))).toMatchObject({ actual: 'none', explainKey: 'errorNone' });
});
