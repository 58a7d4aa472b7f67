// socket-lab send --allow-half-open: accepted on tcp:// (the Python ACK server still answers), refused
// on udp:// and on serve with one line each, exit 2.
import { describe, expect, it } from 'vitest';
import { startServer } from '../peers/spawn-peer';
import { expectOneErrorLine, run, summary, useCli } from './run-cli';

useCli();

describe('socket-lab --allow-half-open', () => {
  it('send over tcp:// takes it and runs as before', async () => {
    const server = await startServer('tcp_ack_server');
    const result = await run(['send', `tcp://127.0.0.1:${server.port}`, '--allow-half-open', '--text', 'hi', '--until', 'first']);
    expect(result).toEqual({ code: 0, stdout: 'ACK : hi\n' + summary(1, 8, 1, 2), stderr: '' });
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
