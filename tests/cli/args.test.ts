// The command-line parser against node:util's parseArgs: the same values and positionals for what parseArgs
// accepts, and one line for each mistake.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../src/main/cli/args';
import { sendOptionSpecs } from '../../src/main/cli/send';

const options = {
  ...sendOptionSpecs,
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean', short: 'f' },
  verbose: { type: 'boolean', short: 'v' },
  rule: { type: 'string', multiple: true },
} as const satisfies ParseArgsOptionsConfig;

const fromNode = (args: string[]) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options });
  return { values: { ...values }, positionals };
};
const ours = (args: string[]) => {
  const { values, positionals } = parseCommandLine(args, options);
  return { values: { ...values }, positionals };
};

describe('parseCommandLine', () => {
  it.each([
    [[]],
    [['tcp://127.0.0.1:9', '--text', 'hi', '--until', 'close']],
    [['--text=a=b', 'tcp://h:1', 'extra']],
    [['--text', 'one', '--text', 'two']],
    [['--rule', 'a=>b', '--rule=c=>d', '--rule', 'e=>f']],
    [['-o', 'out.py', '-f', 'in.ndjson']],
    [['-oout.py', '-fv']],
    [['-vf', '-o', 'x']],
    [['--quiet', '--text=', 'u']],
    [['-', '--text', 'x']],
    [['a', '--', '--text', '-o', 'b']],
    [['--insecure', '--ca', 'ca.pem', 'tls://localhost:1', '--hex', '48 69']],
  ])('%j as parseArgs reads it', (args) => {
    expect(ours(args)).toEqual(fromNode(args));
  });

  it('an option that takes a value takes the next argument, whatever it starts with', () => {
    expect(ours(['--count', '-5', '--text', '--bogus', '-o', '-x']).values).toEqual({ count: '-5', text: '--bogus', output: '-x' });
  });

  it('values are read by name only: no inherited names', () => {
    expect(() => ours(['--constructor'])).toThrow('unknown option "--constructor"');
    expect(Object.getPrototypeOf(parseCommandLine(['--text', 'x'], options).values)).toBeNull();
  });

  it.each([
    [['--bogus'], 'unknown option "--bogus" (see socket-lab --help)'],
    [['--bogus=1'], 'unknown option "--bogus" (see socket-lab --help)'],
    [['-x'], 'unknown option "-x" (see socket-lab --help)'],
    [['-fx'], 'unknown option "-x" (see socket-lab --help)'],
    [['-5'], 'unknown option "-5" (see socket-lab --help)'],
    [['--count'], '--count needs a value (see socket-lab --help)'],
    [['x', '-o'], '-o needs a value (see socket-lab --help)'],
    [['--quiet=yes'], '--quiet takes no value (see socket-lab --help)'],
    [[`--${'z'.repeat(80)}`], `unknown option "--${'z'.repeat(46)}… (82 characters)" (see socket-lab --help)`],
  ])('%j is one line', (args, message) => {
    let thrown: unknown;
    try {
      ours(args);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as Error).message).toBe(message);
    // parseArgs refuses them too
    if (args[0] !== '--count' && args[0] !== 'x') expect(() => fromNode(args)).toThrow();
  });
});
