// Rule-based auto-replies on real sockets, against peers Socket Lab did not write: the Python burst,
// line and UDP clients, and socat. One answer per framed message, regex groups, a runaway regex
// stopped with an error event (the connection goes on), @delay keeping the order, @close.
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { decodeText } from '../../src/shared/codec';
import { openSessionInput, type OpenSessionRequest } from '../../src/shared/contract';
import { parseRule, ruleToForm, type RuleForm } from '../../src/shared/rules';
import { runClient, stopPeers } from '../peers/spawn-peer';
import { isType, record, type Recorder } from './helpers';

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

/** Rules in the CLI's text syntax, as the table form the contract takes. */
const forms = (...texts: string[]): RuleForm[] =>
  texts.map((text, i) => {
    const parsed = parseRule(text, i);
    if (!parsed.ok) throw new Error(`bad rule in the test: ${text}`);
    return ruleToForm(parsed.rule);
  });

const open = (request: OpenSessionRequest) => engine.open(openSessionInput().parse(request));

const tcpServer = async (rules: RuleForm[], framing = 'line', reply: 'none' | 'echo' = 'none') => {
  const info = await open({ kind: 'tcp-server', host: '127.0.0.1', port: 0, framing, rules, autoReply: { mode: reply } });
  return { id: info.id, port: String(info.local!.port) };
};

const hex = (text: string): string => Buffer.from(text, 'latin1').toString('hex');
/** What the burst client printed (hex, one line per recv) as text. */
const received = (lines: string[]): string => Buffer.from(lines.join(''), 'hex').toString('latin1');

describe('rules on a TCP server', () => {
  it('answers each framed message with the first rule that matches, the fallback the rest; hits counted', async () => {
    const server = await tcpServer(
      forms('prefix:PING=>fixed:PONG', 'contains:PING=>fixed:never', 'hex:00ff=>hex:ff00', 'exact:bye=>fixed:BYE @close'),
      'line',
      'echo',
    );
    // Three messages in one write, the rest in a second: the framer cuts them, each is answered once.
    const run = await runClient('tcp_burst_client', ['127.0.0.1', server.port, hex('PING 1\nhello\nPING'), hex(' 2\n\u0000\u00ff\nbye\n')]);
    expect(received(run.lines)).toBe('PONG\nhello\nPONG\n\u00ff\u0000\nBYE\n');
    await rec.waitFor(isType('closed', server.id));
    const info = engine.info(server.id);
    expect(info.rules?.hits).toEqual([2, 0, 1, 1]);
    expect(info.rules?.fallbackHits).toBe(1);
    expect(info.rules?.list.map((r) => r.match.kind)).toEqual(['prefix', 'contains', 'hex', 'exact']);
  });

  it('a regex rule answers with its groups ($1, $2), socat talking', async () => {
    const server = await tcpServer(forms('regex:^GET (\\S+) (\\S+)=>fixed:got $1 via $2'));
    const socat = spawn('socat', ['-t', '3', '-', `TCP:127.0.0.1:${server.port}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    socat.stdout.on('data', (d: Buffer) => (out += d.toString()));
    socat.stdin.write('GET /index.html HTTP/1.0\nGET /a b\nnothing\n');
    await rec.until(() => out.includes('got /a via b\n'), 5000, 'the second reply');
    socat.stdin.end();
    await new Promise((resolve) => socat.once('close', resolve));
    expect(out).toBe('got /index.html via HTTP/1.0\ngot /a via b\n');
    expect(engine.info(server.id).rules?.hits).toEqual([2]);
  });

  it('a runaway regex is an error event naming the rule, nothing is sent, and the connection keeps working', async () => {
    const server = await tcpServer(forms('regex:^(a+)+$=>fixed:never', 'exact:ping=>fixed:pong', 'exact:bye=>fixed:BYE @close'));
    const run = await runClient('tcp_burst_client', ['127.0.0.1', server.port, hex(`${'a'.repeat(40)}b\n`), hex('ping\nbye\n')]);
    expect(received(run.lines)).toBe('pong\nBYE\n');
    const error = await rec.waitFor(isType('error', server.id));
    expect(error.code).toBe('RULE_FAILED');
    expect(error.problem).toMatchObject({ key: 'ruleRegexTimeout', params: { rule: 1 } });
    expect(error.message).toMatch(/^Rule 1: the regular expression \/\^\(a\+\)\+\$\/ ran longer than/);
    expect(error.connectionId).toBe('c1');
    expect(rec.data(server.id, 'out').map((e) => decodeText(e.bytes))).toEqual(['pong\n', 'BYE\n']);
  }, 15_000);

  it('@delay holds a reply back, and the replies behind it wait their turn (arrival order kept)', async () => {
    const server = await tcpServer(forms('exact:slow=>fixed:SLOW @delay=400', 'exact:fast=>fixed:FAST', 'exact:bye=>fixed:BYE @close'));
    const started = Date.now();
    const run = await runClient('tcp_burst_client', ['127.0.0.1', server.port, hex('slow\nfast\nbye\n')]);
    expect(received(run.lines)).toBe('SLOW\nFAST\nBYE\n');
    const outs = rec.data(server.id, 'out');
    expect(outs.map((e) => decodeText(e.bytes))).toEqual(['SLOW\n', 'FAST\n', 'BYE\n']);
    expect(outs[0]!.time - started).toBeGreaterThanOrEqual(350);
  });

  it('@close closes the connection after its reply; the next client is answered again', async () => {
    const server = await tcpServer(forms('prefix:quit=>fixed:bye @close', 'prefix:=>upper'), 'raw');
    const first = await runClient('tcp_line_client', ['127.0.0.1', server.port, 'hi', 'quit', 'more']);
    expect(first.lines).toEqual(['REPLY HI', 'REPLY bye', 'CLOSED']);
    const second = await runClient('tcp_line_client', ['127.0.0.1', server.port, 'again']);
    expect(second.lines).toEqual(['REPLY AGAIN']);
    // "more" may be read before the close lands: matched (and counted), its reply finds the connection closing.
    const hits = engine.info(server.id).rules!.hits;
    expect(hits[0]).toBe(1);
    expect(hits[1]).toBeGreaterThanOrEqual(2);
  });

  it('setRules replaces the rules of an open server (hits start again); an empty list gives the single auto-reply back', async () => {
    const server = await tcpServer(forms('exact:a=>fixed:1'), 'raw', 'echo');
    const info = engine.setRules(server.id, forms('exact:a=>fixed:2'));
    expect(info.rules?.list[0]!.reply).toEqual({ kind: 'fixed', value: '2' });
    const run = await runClient('tcp_line_client', ['127.0.0.1', server.port, 'a', 'b']);
    expect(run.lines).toEqual(['REPLY 2', 'REPLY b']);
    expect(engine.info(server.id).rules).toMatchObject({ hits: [1], fallbackHits: 1 });
    expect(engine.setRules(server.id, []).rules).toBeUndefined();
    const after = await runClient('tcp_line_client', ['127.0.0.1', server.port, 'a']);
    expect(after.lines).toEqual(['REPLY a']);
  });
});

describe('rules on a UDP socket', () => {
  it('answers datagrams by rule, the Python UDP client sending', async () => {
    const info = await open({
      kind: 'udp',
      host: '127.0.0.1',
      port: 0,
      rules: forms('prefix:hi=>prefix:re: ', 'regex:^(\\d+)\\+(\\d+)$=>fixed:$2+$1'),
    });
    const run = await runClient('udp_client', ['127.0.0.1', String(info.local!.port), 'hi there', '1+2', 'nothing']);
    expect(run.lines).toEqual(['REPLY re: hi there', 'REPLY 2+1', 'NO REPLY']);
    expect(engine.info(info.id).rules?.hits).toEqual([1, 1]);
  });

  it('@close is refused for a UDP socket where the rule is, in the schema and in setRules', async () => {
    const parsed = openSessionInput().safeParse({ kind: 'udp', port: 0, rules: forms('exact:a=>echo @close') });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0]!;
    expect(issue.path).toEqual(['rules', '0', 'close']);
    expect(issue.message).toMatch(/^Rule 1: @close closes a connection, and a UDP socket has none/);
    const info = await open({ kind: 'udp', host: '127.0.0.1', port: 0 });
    expect(() => engine.setRules(info.id, forms('exact:a=>echo', 'exact:b=>echo @close'))).toThrow(/^Rule 2: @close/);
  });
});

describe('rules in the contract', () => {
  it('a bad rule is refused at the rule and the part it concerns', () => {
    const bad = (rule: object) => openSessionInput().safeParse({ kind: 'tcp-server', host: '127.0.0.1', port: 0, rules: [rule] });
    const regex = bad({ match: { kind: 'regex', value: '(' }, reply: { kind: 'echo', value: '' } });
    expect(regex.error!.issues[0]).toMatchObject({ path: ['rules', '0', 'match'] });
    expect(regex.error!.issues[0]!.message).toMatch(/^Rule 1: \/\(\/ is not a valid regular expression/);
    const group = bad({ match: { kind: 'prefix', value: 'a' }, reply: { kind: 'fixed', value: 'x$1' } });
    expect(group.error!.issues[0]).toMatchObject({ path: ['rules', '0', 'reply'] });
    expect(bad({ match: { kind: 'nope', value: 'a' }, reply: { kind: 'echo' } }).error!.issues[0]!.path).toEqual(['rules', '0', 'match']);
  });
});
