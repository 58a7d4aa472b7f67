// One TCP server on [::] serves IPv4 and IPv6 clients (socat) alike: each peer is shown as it is, an
// IPv4 one as 127.0.0.1 rather than ::ffff:127.0.0.1, and the log filter's peer match finds it so.
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { logFilterSchema, type SocketEvent } from '../../src/shared/contract';
import { runToEnd } from '../run-to-end';
import { isType, record, type Recorder } from './helpers';

let engine: Engine;
let rec: Recorder;

beforeEach(() => {
  engine = new Engine();
  rec = record(engine);
});

afterEach(async () => {
  await engine.closeAll();
});

it('a TCP server on [::] accepts an IPv4 and an IPv6 client and shows both peers unmapped', async () => {
  const server = await engine.open({
    kind: 'tcp-server',
    host: '::',
    port: 0,
    autoReply: { mode: 'upper', text: '', closeAfterReply: true },
  });
  const port = server.local!.port;
  expect(server.local!.host).toBe('::');
  for (const target of [`TCP4:127.0.0.1:${port}`, `TCP6:[::1]:${port}`]) {
    const socat = spawn('socat', ['-t', '2', '-', target], { stdio: ['pipe', 'pipe', 'pipe'] });
    socat.stdin.end('hello');
    const run = await runToEnd(socat, `socat ${target}`, 5000);
    expect(run.stdout).toBe('HELLO');
  }
  const accepted = rec.events.filter(isType('accepted'));
  expect(accepted.map((e) => e.peer.host)).toEqual(['127.0.0.1', '::1']);
  // The local end of an IPv4 client is unmapped too.
  expect(accepted[0]!.local.host).toBe('127.0.0.1');
  const v4 = `127.0.0.1:${accepted[0]!.peer.port}`;
  const status = engine.setFilter(server.id, logFilterSchema().parse({ peer: '127.0.0.1', directions: ['in'] })).filter!;
  expect(status.matches).toBe(1);
  const rows = engine.filteredRows(server.id, status.first, 10).rows as SocketEvent[];
  expect(rows.map((r) => (r.peer ? `${r.peer.host}:${r.peer.port}` : ''))).toEqual([v4]);
  expect(engine.setFilter(server.id, logFilterSchema().parse({ peer: '::1', directions: ['in'] })).filter!.matches).toBe(1);
});
