// An error never echoes a whole input back: a 60 MB host comes back as a short quote, through the
// shared checks, the contract (router), the codecs and the command line alike.
import { afterAll, describe, expect, it } from 'vitest';
import { parseSendArgs } from '../../src/main/cli/send';
import { Engine } from '../../src/main/engine/engine';
import { createRouter } from '../../src/main/commands/router';
import { hostProblem, parseSocketUrl, portProblem } from '../../src/shared/address';
import { parseEscaped, parseHex } from '../../src/shared/codec';
import { problemText } from '../../src/shared/problems';
import { quoteInput, quotedInputMax, splitQuotedInput } from '../../src/shared/quote-input';

const hugeHost = 'a'.repeat(60 * 1024 * 1024);
const short = 300;

describe('quoteInput', () => {
  it('keeps a short input whole', () => {
    expect(quoteInput('127.0.0.1')).toBe('127.0.0.1');
    expect(quoteInput('x'.repeat(quotedInputMax))).toBe('x'.repeat(quotedInputMax));
  });

  it('cuts a long one to its first characters, "…" and the full length', () => {
    expect(quoteInput('b'.repeat(100))).toBe(`${'b'.repeat(quotedInputMax)}… (100 characters)`);
    expect(quoteInput(hugeHost)).toBe(`${'a'.repeat(quotedInputMax)}… (62,914,560 characters)`);
  });

  it('never cuts a character made of two UTF-16 units in half', () => {
    const quoted = quoteInput('x'.repeat(quotedInputMax - 1) + '😀'.repeat(50));
    expect(quoted.startsWith('x'.repeat(quotedInputMax - 1) + '…')).toBe(true);
  });

  it('can be taken apart again, so the window words "N characters" in its own language', () => {
    expect(splitQuotedInput(quoteInput('c'.repeat(1000)))).toEqual({ head: 'c'.repeat(quotedInputMax), length: '1,000' });
    expect(splitQuotedInput('127.0.0.1')).toBeNull();
  });
});

describe('the shared checks quote input short', () => {
  it('a 60 MB host', () => {
    const problem = hostProblem(hugeHost)!;
    expect(problem.key).toBe('hostBadName');
    expect(problemText(problem).length).toBeLessThan(short);
  });

  it('a port says what was typed, not a reformatted number', () => {
    expect(problemText(portProblem('100000000000000000000', { allowZero: false })!)).toBe(
      'Port 100000000000000000000 is out of range: use a whole number from 1 to 65535.',
    );
    expect(problemText(portProblem('1000000000000000000000000', { allowZero: false })!)).toMatch(/^Port 1000000000000000000000000 is out/);
    expect(problemText(portProblem('0070000', { allowZero: true })!)).toMatch(/^Port 0070000 is out of range/);
    expect(problemText(portProblem('9'.repeat(1_000_000), { allowZero: false })!).length).toBeLessThan(short);
    expect(problemText(portProblem('x'.repeat(1_000_000), { allowZero: false })!).length).toBeLessThan(short);
  });

  it('a URL with a huge host or port', () => {
    expect(() => parseSocketUrl(`tcp://${hugeHost}:80`, { allowZero: false })).toThrow(
      /^"a{48}… \(62,914,560 characters\)" is not a valid host name/,
    );
    const badUrl = (() => {
      try {
        parseSocketUrl(`http://${hugeHost}`, { allowZero: false });
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    expect(badUrl.length).toBeLessThan(short);
    expect(badUrl).toMatch(/is not a socket address/);
  });

  it('a hex group and an escape', () => {
    const hex = parseHex('a'.repeat(10_000_001));
    expect(hex.ok).toBe(false);
    if (!hex.ok) {
      expect(hex.error.problem.key).toBe('hexOddDigits');
      expect(hex.error.message.length).toBeLessThan(short);
      // The pointer still knows the whole group, to mark it in the composer.
      expect(hex.error.offending).toHaveLength(10_000_001);
    }
    const escaped = parseEscaped('\\q');
    expect(escaped.ok || escaped.error.message).toBe('"\\q" at position 1 is not a known escape (use \\r \\n \\t \\0 \\\\ or \\xHH).');
  });
});

describe('the contract quotes input short (through the router)', () => {
  const engine = new Engine();
  const router = createRouter(engine);
  afterAll(() => engine.closeAll());

  it.each([
    ['openSession', { kind: 'tcp-client', host: hugeHost, port: 80 }],
    ['openSession', { kind: 'udp', host: `${hugeHost}.1`.replace(/a/g, '1'), port: 0 }],
    ['send', { sessionId: 's1', bytes: new Uint8Array(1), to: { kind: 'peer', host: hugeHost, port: 9 } }],
  ])('%s with a 60 MB host answers with a short error', async (name, payload) => {
    const result = await router.handle(name, payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.message.length).toBeLessThan(short);
    expect(JSON.stringify(result.error).length).toBeLessThan(2 * short);
  });

  it('an unknown 60 MB command name', async () => {
    const result = await router.handle(hugeHost, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(JSON.stringify(result.error).length).toBeLessThan(2 * short);
  });
});

describe('the command line quotes input short', () => {
  const messageOf = (args: string[]): string => {
    try {
      parseSendArgs(args);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error(`no error for ${args.map((a) => a.slice(0, 40)).join(' ')}`);
  };

  it.each([
    ['a 60 MB host', [`tcp://${hugeHost}:80`, '--text', 'x']],
    ['a 60 MB URL', [hugeHost, '--text', 'x']],
    ['a 60 MB port', [`tcp://127.0.0.1:${'9'.repeat(60_000_000)}`, '--text', 'x']],
    ['a 60 MB count', ['tcp://127.0.0.1:9', '--text', 'x', '--count', hugeHost]],
    ['a 60 MB option name', ['tcp://127.0.0.1:9', '--text', 'x', `--${hugeHost}`]],
    ['a 60 MB extra argument', ['tcp://127.0.0.1:9', hugeHost, '--text', 'x']],
    ['a 60 MB odd hex group', ['tcp://127.0.0.1:9', '--hex', hugeHost.slice(1)]],
  ])('%s', (_what, args) => {
    const message = messageOf(args);
    expect(message.length).toBeLessThan(short);
    expect(message).toContain('…');
  });
});
