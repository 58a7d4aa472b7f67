// The workspace file as data (src/shared/workspace.ts): unknown fields kept through a round trip, every
// mistake keyed and placed at its path, format and version said clearly, saved messages found by name.
import { describe, expect, it } from 'vitest';
import { problemText, type ProblemKey } from '../../src/shared/problems';
import {
  checkWorkspace,
  findMessage,
  messageBytes,
  mistakeText,
  serializeWorkspace,
  type Workspace,
  type WorkspaceMistake,
} from '../../src/shared/workspace';

const sample = (): Record<string, unknown> => ({
  format: 'socket-lab-workspace',
  version: 1,
  name: 'Lesson 3',
  future: { keep: ['me', 1] },
  sessions: [
    {
      name: 'Echo server',
      kind: 'tcp-server',
      host: '127.0.0.1',
      port: 0,
      autoReply: { mode: 'prefix', text: 'ACK : ', later: true },
      rules: [{ match: { kind: 'exact', value: 'ping' }, reply: { kind: 'fixed', value: 'pong' } }],
      color: 'teal',
    },
    { name: 'Client', kind: 'udp', port: 0 },
  ],
  collections: [
    {
      name: 'Basics',
      icon: 'star',
      messages: [
        { name: 'hello', payload: { format: 'text', text: 'hello' }, lineEnding: 'crlf', pinned: true },
        {
          name: 'bytes',
          payload: { format: 'hex', text: 'de ad be ef', case: 'lower' },
          target: { protocol: 'udp', host: '::1', port: 5005, ttl: 1 },
        },
        { name: 'escaped', payload: { format: 'escaped', text: 'a\\tb\\r\\n' }, notes: 'tab and CR LF' },
      ],
    },
    { name: 'More', messages: [{ name: 'hello', payload: { format: 'text', text: 'again' } }] },
  ],
});

function mistakes(value: unknown): WorkspaceMistake[] {
  const checked = checkWorkspace(value, '"w.socketlab.json"');
  if (checked.ok) throw new Error('expected mistakes');
  return checked.mistakes;
}

function firstMistake(mutate: (w: Record<string, unknown>) => void): WorkspaceMistake {
  const w = sample();
  mutate(w);
  return mistakes(w)[0]!;
}

const collections = (w: Record<string, unknown>) => w.collections as { name: string; messages: Record<string, unknown>[] }[];
const sessions = (w: Record<string, unknown>) => w.sessions as Record<string, unknown>[];

describe('a workspace file', () => {
  it('keeps every field it does not know, at every level, through load and save', () => {
    const text = serializeWorkspace(sample() as Workspace);
    const checked = checkWorkspace(JSON.parse(text), 'w');
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(JSON.parse(serializeWorkspace(checked.workspace))).toEqual(sample());
    expect(serializeWorkspace(checked.workspace)).toBe(text);
  });

  it('is refused when it is not a workspace, with the format it should have', () => {
    expect(mistakes([1, 2])[0]!.problem.key).toBe('workspaceWrongFormat');
    const wrong = mistakes({ format: 'packet-sender', version: 1 })[0]!;
    expect(wrong.field).toBe('format');
    expect(problemText(wrong.problem)).toBe(
      '"w.socketlab.json" is not a Socket Lab workspace: its "format" should be "socket-lab-workspace".',
    );
  });

  it('of a newer version says which version this app reads', () => {
    const newer = mistakes({ ...sample(), version: 2 })[0]!;
    expect(newer.field).toBe('version');
    expect(problemText(newer.problem)).toBe(
      '"w.socketlab.json" is a workspace of version 2, saved by a newer Socket Lab: this one reads version 1. Update Socket Lab to open it.',
    );
    expect(mistakes({ ...sample(), version: '1' })[0]!.problem.key).toBe('workspaceBadVersion');
  });

  const placed: [string, (w: Record<string, unknown>) => void, string, ProblemKey][] = [
    [
      'bad hex',
      (w) => (collections(w)[0]!.messages[1]!.payload = { format: 'hex', text: 'de ag' }),
      'collections.0.messages.1.payload.text',
      'hexBadDigit',
    ],
    [
      'a bad escape',
      (w) => (collections(w)[0]!.messages[2]!.payload = { format: 'escaped', text: 'x\\q' }),
      'collections.0.messages.2.payload.text',
      'escapeUnknown',
    ],
    [
      'an unknown format',
      (w) => (collections(w)[0]!.messages[0]!.payload = { format: 'base64', text: '' }),
      'collections.0.messages.0.payload.format',
      'workspaceFieldChoice',
    ],
    ['an empty name', (w) => (collections(w)[1]!.messages[0]!.name = '  '), 'collections.1.messages.0.name', 'workspaceNameEmpty'],
    ['a name that is a number', (w) => (collections(w)[1]!.messages[0]!.name = 7), 'collections.1.messages.0.name', 'workspaceFieldType'],
    [
      'a missing payload',
      (w) => delete collections(w)[1]!.messages[0]!.payload,
      'collections.1.messages.0.payload',
      'workspaceFieldMissing',
    ],
    [
      'a target port out of range',
      (w) => (collections(w)[0]!.messages[1]!.target = { protocol: 'udp', host: '::1', port: 70000 }),
      'collections.0.messages.1.target.port',
      'portRange',
    ],
    [
      'a target host that is no host',
      (w) => (collections(w)[0]!.messages[1]!.target = { protocol: 'tcp', host: 'a b', port: 1 }),
      'collections.0.messages.1.target.host',
      'hostBadName',
    ],
    [
      'an unknown protocol',
      (w) => (collections(w)[0]!.messages[1]!.target = { protocol: 'http', host: 'a', port: 1 }),
      'collections.0.messages.1.target.protocol',
      'workspaceFieldChoice',
    ],
    [
      'an unknown line ending',
      (w) => (collections(w)[0]!.messages[0]!.lineEnding = 'cr'),
      'collections.0.messages.0.lineEnding',
      'workspaceFieldChoice',
    ],
    [
      'two messages of one name',
      (w) => (collections(w)[0]!.messages[1]!.name = 'hello'),
      'collections.0.messages.1.name',
      'workspaceMessageTwice',
    ],
    ['two collections of one name', (w) => (collections(w)[1]!.name = 'Basics'), 'collections.1.name', 'workspaceCollectionTwice'],
    ['a "/" in a collection name', (w) => (collections(w)[1]!.name = 'a/b'), 'collections.1.name', 'workspaceCollectionSlash'],
    ['an unknown session kind', (w) => (sessions(w)[1]!.kind = 'sctp'), 'sessions.1.kind', 'workspaceSessionKind'],
    ['a session port out of range', (w) => (sessions(w)[0]!.port = 70000), 'sessions.0.port', 'portRangeAny'],
    [
      'a bad auto-reply',
      (w) => (sessions(w)[0]!.autoReply = { mode: 'fixed', text: '\\xZZ' }),
      'sessions.0.autoReply.text',
      'escapeBadHex',
    ],
    [
      'a bad rule',
      (w) => (sessions(w)[0]!.rules = [{ match: { kind: 'nope', value: 'x' }, reply: { kind: 'echo', value: '' } }]),
      'sessions.0.rules.0.match',
      'ruleUnknownMatch',
    ],
    ['collections that are not a list', (w) => (w.collections = {}), 'collections', 'workspaceFieldType'],
  ];
  for (const [what, mutate, field, key] of placed)
    it(`says ${what} at ${field}`, () => {
      const mistake = firstMistake(mutate);
      expect(mistake.field).toBe(field);
      expect(mistake.problem.key).toBe(key);
      expect(mistakeText(mistake)).toBe(`${field}: ${problemText(mistake.problem)}`);
    });

  it('words a bad hex payload the way the composer does, at its character', () => {
    const mistake = firstMistake((w) => (collections(w)[0]!.messages[1]!.payload = { format: 'hex', text: 'de ag' }));
    expect(mistakeText(mistake)).toBe('collections.0.messages.1.payload.text: "g" at position 5 is not a hex digit (use 0-9 and A-F).');
  });
});

describe('a saved message', () => {
  const workspace = sample() as Workspace;

  it('is found by its name, or by COLLECTION/NAME', () => {
    const byName = findMessage(workspace, 'bytes', 'w');
    expect(byName.ok && byName.found.message.payload.text).toBe('de ad be ef');
    const qualified = findMessage(workspace, 'More/hello', 'w');
    expect(qualified.ok && qualified.found.message.payload.text).toBe('again');
  });

  it('named in several collections is ambiguous, and the matches are listed', () => {
    const lookup = findMessage(workspace, 'hello', 'w');
    expect(lookup.ok).toBe(false);
    if (lookup.ok) return;
    expect(lookup.matches).toHaveLength(2);
    expect(problemText(lookup.problem)).toBe(
      '"hello" names a message in several collections (Basics/hello, More/hello): write COLLECTION/NAME to pick one.',
    );
  });

  it('that does not exist lists close names', () => {
    const lookup = findMessage(workspace, 'helo', '"w.socketlab.json"');
    expect(!lookup.ok && problemText(lookup.problem)).toBe(
      'No saved message is named "helo" in "w.socketlab.json": did you mean "Basics/hello", "More/hello"?',
    );
    const far = findMessage(workspace, 'zzzzzzzz', 'w');
    expect(!far.ok && far.problem.key).toBe('workspaceMessageUnknown');
  });

  it('is its payload bytes and then its line ending', () => {
    const found = (name: string) => {
      const lookup = findMessage(workspace, name, 'w');
      if (!lookup.ok) throw new Error(name);
      return Buffer.from(messageBytes(lookup.found.message)).toString('hex');
    };
    expect(found('Basics/hello')).toBe(Buffer.from('hello\r\n').toString('hex'));
    expect(found('bytes')).toBe('deadbeef');
    expect(found('escaped')).toBe(Buffer.from('a\tb\r\n').toString('hex'));
  });
});
