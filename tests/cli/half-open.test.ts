// socket-lab send --allow-half-open: accepted on tcp:// (the Python ACK server still answers), refused
// on udp:// and on serve with one line each, exit 2.
import { describe, expect, it } from 'vitest';
import { startServer } from '../peers/spawn-peer';
import { eventually, expectOneErrorLine, run, summary, useCli } from './run-cli';

useCli();

describe('socket-lab --allow-half-open', () => {
  it('send over tcp:// takes it and runs as before', async () => {
    const server = await startServer('tcp_ack_server');
    const result = await run(['send', `tcp://127.0.0.1:${server.port}`, '--allow-half-open', '--text', 'hi', '--until', 'first']);
    expect(result).toEqual({ code: 0, stdout: 'ACK : hi\n' + summary(1, 8, 1, 2), stderr: '' });
  });

  it('send keeps writing after the server FIN with it, and stops at the FIN without it', async () => {
    const server = await startServer('tcp_close_watch_server', '127.0.0.1', 0, 5000, ['--shut']);
    const url = `tcp://127.0.0.1:${server.port}`;
    const args = ['--text', 'n={{counter}};', '--count', '3', '--interval', '150'];
    const open = await run(['send', url, '--allow-half-open', ...args]);
    expect(open.code).toBe(0);
    await eventually(() => server.stdout().includes('EOF'), 'the server saw EOF');
    const received = (out: string): string =>
      out
        .split('\n')
        .filter((l) => l.startsWith('RECV '))
        .map((l) => l.slice(5))
        .join('');
    expect(received(server.stdout())).toBe('n=1;n=2;n=3;');
    const before = server.stdout().length;
    // Without it the FIN ends our side too: the run is over after the first send.
    await run(['send', url, ...args]);
    await eventually(() => server.stdout().slice(before).includes('EOF'), 'the server saw EOF again');
    expect(received(server.stdout().slice(before))).toBe('n=1;');
  });

  it('is refused on udp:// and on serve, one line each, exit 2', async () => {
    expectOneErrorLine(
      await run(['send', 'udp://127.0.0.1:9', '--allow-half-open', '--text', 'hi']),
      2,
      /^socket-lab: --allow-half-open applies to TCP only/,
    );
    expectOneErrorLine(
      await run(['serve', 'tcp://127.0.0.1:0', '--allow-half-open']),
      2,
      /^socket-lab: --allow-half-open applies to send only/,
    );
  });
});
