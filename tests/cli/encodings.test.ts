// socket-lab send and serve with --encoding, against Python peers that encode and decode with their
// own codecs (an independent other side), and every bad value as one line, exit 2. Loopback only.
import { describe, expect, it } from 'vitest';
import { runClient, startServer } from '../peers/spawn-peer';
import { eventually, expectOneErrorLine, run, serve, useCli } from './run-cli';

useCli();

describe('--encoding from the command line', () => {
  it('send --encoding cp949 writes Korean as the Python server reads it, and prints its answer decoded', async () => {
    const server = await startServer('udp_encoded_server', '127.0.0.1', 0, 5000, ['cp949']);
    const url = `udp://127.0.0.1:${server.port}`;
    const result = await run(['send', url, '--text', '안녕하세요 똠', '--encoding', 'CP949', '--until', 'first']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('[안녕하세요 똠]');
    expect(server.stderr()).toContain('received : 안녕하세요 똠');
    // The same bytes, in hex: what went over the wire is CP949 (13 bytes), not UTF-8 (19).
    const hex = await run(['send', url, '--text', '안녕하세요 똠', '--encoding', 'cp949', '--until', 'first', '--format', 'hex']);
    expect(hex.stdout).toContain('5B BE C8 B3 E7 C7 CF BC BC BF E4 20 8C 63 5D');
    expect(hex.stdout).toContain('out 1 messages 13 bytes');
  });

  it('send --encoding shift_jis and gbk: the Python server answers in them', async () => {
    for (const [encoding, text] of [
      ['shift_jis', 'こんにちは'],
      ['gbk', '你好，世界'],
    ] as const) {
      const server = await startServer('udp_encoded_server', '127.0.0.1', 0, 5000, [encoding]);
      const result = await run(['send', `udp://127.0.0.1:${server.port}`, '--text', text, '--encoding', encoding, '--until', 'first']);
      expect(result.stdout.split('\n')[0], encoding).toBe(`[${text}]`);
    }
  });

  it('serve --encoding euc-kr prints Korean from the Python client, and bytes EUC-KR lacks as \\xHH', async () => {
    const server = await serve(['udp://127.0.0.1:0', '--reply', 'echo', '--encoding', 'euc-kr']);
    // The client writes in CP949: 안녕 is the same bytes in EUC-KR, 똠 is CP949's extension (8C 63).
    const client = await runClient('udp_encoded_client', ['127.0.0.1', String(server.port), 'cp949', '안녕 똠']);
    expect(client.lines).toEqual(['REPLY 안녕 똠']);
    await eventually(() => server.output().includes('out 127.0.0.1'), 'the echo printed');
    const result = await server.stop();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/in 127\.0\.0\.1:\d+ 7 bytes: 안녕 \\x8Cc\n/);
  });

  it('refuses an unknown encoding and a character the encoding lacks: one line, exit 2', async () => {
    const unknown = await run(['send', 'udp://127.0.0.1:9', '--text', 'hi', '--encoding', 'latin9']);
    expectOneErrorLine(unknown, 2, /--encoding: Unknown encoding "latin9": use one of UTF-8, .*GBK\./);
    const lacking = await run(['send', 'udp://127.0.0.1:9', '--text', '안녕 똠', '--encoding', 'euc-kr']);
    expectOneErrorLine(lacking, 2, /--text: The character "똠" at position 4 cannot be written in EUC-KR\./);
    const served = await run(['serve', 'udp://127.0.0.1:0', '--encoding', 'klingon']);
    expectOneErrorLine(served, 2, /--encoding: Unknown encoding "klingon"/);
  });
});
