// The session's encoding beyond what is typed with --text: the --reply text and --rule replies are
// written in it, and --format json reads its `text` fields in it (the header says which). Python peers decode.
import { describe, expect, it } from 'vitest';
import { runClient, startServer } from '../peers/spawn-peer';
import { run, serve, useCli } from './run-cli';

useCli();

describe('--encoding applied to replies and to --format json', () => {
  it('serve --encoding euc-kr --reply prefix: the Korean prefix reaches the Python client in EUC-KR', async () => {
    const server = await serve(['udp://127.0.0.1:0', '--reply', 'prefix:응답: ', '--encoding', 'euc-kr']);
    const client = await runClient('udp_encoded_client', ['127.0.0.1', String(server.port), 'euc-kr', '안녕']);
    expect(client.lines).toEqual(['REPLY 응답: 안녕']);
    expect((await server.stop()).code).toBe(0);
  });

  it('serve --encoding cp949 --rule: a Korean regex and reply, with its group, as the client reads them', async () => {
    const server = await serve(['udp://127.0.0.1:0', '--rule', 'regex:^이름 (\\S+)=>fixed:반가워요 $1', '--encoding', 'cp949']);
    const client = await runClient('udp_encoded_client', ['127.0.0.1', String(server.port), 'cp949', '이름 똠방']);
    expect(client.lines).toEqual(['REPLY 반가워요 똠방']);
    expect((await server.stop()).code).toBe(0);
  });

  it('send --encoding euc-kr --format json: the text fields are read in EUC-KR, and the header says so', async () => {
    const server = await startServer('udp_encoded_server', '127.0.0.1', 0, 5000, ['euc-kr']);
    const result = await run([
      'send',
      `udp://127.0.0.1:${server.port}`,
      '--text',
      '안녕',
      '--encoding',
      'euc-kr',
      '--until',
      'first',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; direction?: string; text?: string; session?: { encoding: string } });
    expect(lines[0]!.session!.encoding).toBe('euc-kr');
    const data = lines.filter((l) => l.type === 'data');
    expect(data.map((l) => [l.direction, l.text])).toEqual([
      ['out', '안녕'],
      ['in', '[안녕]'],
    ]);
  });
});
