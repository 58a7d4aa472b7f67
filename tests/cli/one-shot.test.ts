// A one-shot send ends the moment its run is over: the peer's close, --until first | close | N, or --wait quiet ms after the last data.
import { describe, expect, it } from 'vitest';
import { expectOneErrorLine, run, summary, useCli } from './run-cli';
import { later, tcpPeer, usePeers } from './scripted-peers';

useCli();
usePeers();

/** Runs the CLI and measures how long it took, start-up included. */
async function timed(args: string[]) {
  const started = Date.now();
  const result = await run(args);
  return { ...result, ms: Date.now() - started };
}

describe('send ends when the peer closes', () => {
  it('exits right after the close, far under --wait', async () => {
    const peer = await tcpPeer((socket) => socket.once('data', (d) => socket.end(d)));
    const result = await timed(['send', `tcp://127.0.0.1:${peer.port}`, '--text', 'bye', '--wait', '20000']);
    expect(result).toMatchObject({ code: 0, stdout: 'bye\n' + summary(1, 3, 1, 3), stderr: '' });
    expect(result.ms).toBeLessThan(5000);
  });
});

describe('--until', () => {
  it('first: ends right after the first reply, though the peer would say more later', async () => {
    const peer = await tcpPeer((socket) =>
      socket.once('data', () => {
        socket.write('one');
        later(socket, 8000, () => socket.write('two'));
      }),
    );
    const result = await timed(['send', `tcp://127.0.0.1:${peer.port}`, '--text', 'go', '--until', 'first']);
    expect(result).toMatchObject({ code: 0, stdout: 'one\n' + summary(1, 3, 1, 2), stderr: '' });
    expect(result.ms).toBeLessThan(5000);
  });

  it('N: ends once N bytes came, across several reads', async () => {
    const peer = await tcpPeer((socket) =>
      socket.once('data', () => {
        socket.write('12345');
        later(socket, 150, () => socket.write('67890'));
        later(socket, 8000, () => socket.write('late'));
      }),
    );
    const result = await timed(['send', `tcp://127.0.0.1:${peer.port}`, '--text', 'go', '--until', '10', '--format', 'hex']);
    expect(result).toMatchObject({ code: 0, stdout: '31 32 33 34 35\n36 37 38 39 30\n' + summary(2, 10, 1, 2), stderr: '' });
    expect(result.ms).toBeLessThan(5000);
  });

  it('close: waits past quiet gaps longer than --wait, and ends at the close', async () => {
    const peer = await tcpPeer((socket) =>
      socket.once('data', () => {
        later(socket, 400, () => socket.write('late'));
        later(socket, 600, () => socket.end());
      }),
    );
    const result = await run(['send', `tcp://127.0.0.1:${peer.port}`, '--text', 'go', '--until', 'close', '--wait', '50']);
    expect(result).toEqual({ code: 0, stdout: 'late\n' + summary(1, 4, 1, 2), stderr: '' });
  });

  it('exits 1 with one line when --timeout passes first', async () => {
    const silent = await tcpPeer(() => undefined);
    const where = `127.0.0.1:${silent.port}`;
    expectOneErrorLine(
      await run(['send', `tcp://${where}`, '--text', 'anyone?', '--until', 'first', '--timeout', '300']),
      1,
      `socket-lab: no reply from ${where} within 300 ms (--until first)`,
    );
    expectOneErrorLine(
      await run(['send', `tcp://${where}`, '--text', 'x', '--until', 'close', '--timeout', '300']),
      1,
      `socket-lab: ${where} did not close the connection within 300 ms (--until close)`,
    );
  });

  it('N: exits 1 with one line, after printing what came, when the peer closes short of N', async () => {
    const peer = await tcpPeer((socket) => socket.once('data', () => socket.end('abc')));
    const result = await run(['send', `tcp://127.0.0.1:${peer.port}`, '--text', 'go', '--until', '100']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('abc\n');
    expect(result.stderr).toBe(
      `socket-lab: 3 of 100 bytes from 127.0.0.1:${peer.port} before 127.0.0.1:${peer.port} closed the connection (--until 100)\n`,
    );
  });

  it.each(['0', 'soon', '-1'])('refuses --until %s in one line', async (value) => {
    expectOneErrorLine(
      await run(['send', 'tcp://127.0.0.1:9', '--text', 'x', '--until', value]),
      2,
      `socket-lab: --until must be a number of bytes (1 or more), close or first, not "${value}" (see socket-lab --help)`,
    );
  });
});

describe('--wait counts from the last data', () => {
  it('keeps listening while data keeps coming within --wait of the last', async () => {
    // Five replies 150 ms apart: 750 ms in all, more than --wait 400, but no gap reaches it.
    const peer = await tcpPeer((socket) =>
      socket.once('data', () => {
        for (let i = 1; i <= 5; i++) later(socket, i * 150, () => socket.write(`r${i}\n`));
      }),
    );
    const result = await run(['send', `tcp://127.0.0.1:${peer.port}`, '--text', 'go', '--wait', '400']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('r1\nr2\nr3\nr4\nr5\n' + summary(5, 15, 1, 2));
  });

  it('stops after --wait quiet ms: a reply later than that is not waited for', async () => {
    const peer = await tcpPeer((socket) => socket.once('data', () => later(socket, 6000, () => socket.write('too late'))));
    const result = await timed(['send', `tcp://127.0.0.1:${peer.port}`, '--text', 'go', '--wait', '200']);
    expect(result).toMatchObject({ code: 0, stdout: summary(0, 0, 1, 2), stderr: '' });
    // Start-up included, on a busy machine: still far from the late reply.
    expect(result.ms).toBeLessThan(4000);
  });

  it('--wait 0 ends as soon as the sends are out, without waiting for a reply', async () => {
    const peer = await tcpPeer((socket) => socket.once('data', () => later(socket, 6000, () => socket.write('too late'))));
    const result = await timed(['send', `tcp://127.0.0.1:${peer.port}`, '--text', 'go', '--count', '3', '--wait', '0']);
    expect(result).toMatchObject({ code: 0, stdout: summary(0, 0, 3, 6), stderr: '' });
    expect(result.ms).toBeLessThan(4000);
    expect(Buffer.concat(peer.received).toString()).toBe('gogogo');
  });
});
