import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { createRouter } from '../../src/main/commands/router';
import { commandNames } from '../../src/shared/channels';
import { autoReplySchema, contract, openSessionInput, sendTargetUnion, type SessionInfo } from '../../src/shared/contract';
import { decodeWire, encodeWire } from '../../src/shared/wire';

describe('contract schemas', () => {
  it('has a schema for every command name', () => {
    expect(Object.keys(contract).sort()).toEqual([...commandNames].sort());
  });

  it('fills defaults and strips IPv6 brackets', () => {
    const parsed = openSessionInput().parse({ kind: 'tcp-client', host: '[::1]', port: 80 });
    expect(parsed).toEqual({
      kind: 'tcp-client',
      host: '::1',
      port: 80,
      connectTimeoutMs: 10_000,
      framing: 'raw',
      maxFrame: 16 * 1024 * 1024,
      noDelay: true,
      keepAliveMs: null,
      allowHalfOpen: false,
      read: 'auto',
    });
    const server = openSessionInput().parse({ kind: 'tcp-server', host: '127.0.0.1', port: 0 });
    expect(server).toMatchObject({ autoReply: { mode: 'none', text: '', closeAfterReply: false } });
  });

  it('allows port 0 to listen and bind, never to connect', () => {
    expect(openSessionInput().safeParse({ kind: 'tcp-server', host: '127.0.0.1', port: 0 }).success).toBe(true);
    expect(openSessionInput().safeParse({ kind: 'udp', host: '::1', port: 0 }).success).toBe(true);
    const client = openSessionInput().safeParse({ kind: 'tcp-client', host: '127.0.0.1', port: 0 });
    expect(client.success).toBe(false);
    expect(client.error?.issues[0]?.message).toBe('Port 0 is out of range: use a whole number from 1 to 65535.');
  });

  it('checks the text of prefix and fixed replies', () => {
    expect(autoReplySchema().safeParse({ mode: 'fixed', text: 'Hello, Client!\\r\\n' }).success).toBe(true);
    const empty = autoReplySchema().safeParse({ mode: 'fixed', text: '' });
    expect(empty.error?.issues[0]).toMatchObject({ path: ['text'], message: 'A fixed reply needs some text to send.' });
    const badEscape = autoReplySchema().safeParse({ mode: 'prefix', text: 'ACK\\q' });
    expect(badEscape.error?.issues[0]?.path).toEqual(['text']);
    expect(badEscape.error?.issues[0]?.message).toContain('"\\q" at position 4 is not a known escape');
    expect(autoReplySchema().safeParse({ mode: 'shout' }).success).toBe(false);
  });
});

describe('openSession built per kind', () => {
  // The command builds only the asked kind's schema; it must answer exactly as the union of every kind does.
  const requests: unknown[] = [
    { kind: 'tcp-client', host: '[::1]', port: 80 },
    { kind: 'tcp-client', host: '127.0.0.1', port: 0 },
    { kind: 'tcp-client', host: 'bad host!', port: 80, framing: 'len:3' },
    { kind: 'tcp-server', host: '127.0.0.1', port: 0, autoReply: { mode: 'fixed', text: '' } },
    { kind: 'udp', port: 0, join: [{ group: '239.1.2.3' }], ttl: 300 },
    { kind: 'tls-client', host: 'localhost', port: 443, servername: '10.0.0.1' },
    { kind: 'tls-server', host: '127.0.0.1', port: 0, certFile: 'c.pem' },
    { kind: 'sctp', host: '127.0.0.1', port: 1 },
    { host: '127.0.0.1', port: 1 },
    null,
    'tcp://127.0.0.1:1',
  ];
  it.each(requests.map((r) => [JSON.stringify(r), r]))('answers %s as the union does', (_name, request) => {
    const union = openSessionInput().safeParse(request);
    const command = contract.openSession.input().safeParse(request);
    expect(command.success).toBe(union.success);
    if (union.success) expect(command.data).toEqual(union.data);
    else {
      const first = (r: { error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
        r.error?.issues.map((i) => ({
          message: i.message,
          path: i.path,
          problem: (i as { params?: { problem?: unknown } }).params?.problem,
        }))[0];
      expect(first(command)).toEqual(first(union));
    }
  });
});

describe('send target built per kind', () => {
  // The same for where a send goes: only the asked kind's schema is built, answering as the union does.
  const targets: unknown[] = [
    { kind: 'default' },
    { kind: 'connection', connectionId: 'c1' },
    { kind: 'connection' },
    { kind: 'all', extra: 1 },
    { kind: 'peer', host: '127.0.0.1', port: 9000 },
    { kind: 'peer', host: '[::1]', port: 0 },
    { kind: 'peer', host: '300.1.1.1', port: 9000 },
    { kind: 'everyone' },
    {},
    null,
    'default',
  ];
  it.each(targets.map((t) => [JSON.stringify(t), t]))('answers %s as the union does', (_name, target) => {
    const input = { sessionId: 's1', bytes: new Uint8Array([104, 105]), to: target };
    const union = sendTargetUnion().safeParse(target);
    const command = contract.send.input().safeParse(input);
    expect(command.success).toBe(union.success);
    if (union.success) expect(command.data?.to).toEqual(union.data);
    else {
      const said = (issues: readonly { message: string; path: PropertyKey[] }[] | undefined, prefix: PropertyKey[]) =>
        issues?.map((i) => ({ message: i.message, path: [...prefix, ...i.path] }));
      expect(said(command.error?.issues, [])).toEqual(said(union.error?.issues, ['to']));
    }
  });
});

describe('router', () => {
  const engine = new Engine();
  const router = createRouter(engine);
  afterEach(async () => {
    await engine.closeAll();
    for (const s of engine.list()) await engine.remove(s.id);
  });

  it('answers a bad port with a typed error naming the field', async () => {
    const result = await router.handle('openSession', { kind: 'tcp-server', host: '127.0.0.1', port: 70000 });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        field: 'port',
        message: 'Port 70000 is out of range: use a whole number from 0 to 65535 (0 picks any free port).',
        // The same sentence as a key and params, for the window's translations.
        // The port as given (text), so a huge one is never reformatted as 1e+21.
        problem: { key: 'portRangeAny', params: { port: '70000' } },
      },
    });
    expect(engine.list()).toHaveLength(0);
  });

  it.each([
    [{ kind: 'tcp-client', host: '999.1.1.1', port: 80 }, 'host', /not a valid IPv4 address/],
    [{ kind: 'tcp-client', host: '', port: 80 }, 'host', /^Enter a host/],
    [{ kind: 'tcp-client', host: '127.0.0.1', port: '80' }, 'port', /^Port must be a number/],
    [{ kind: 'tcp-client', host: '127.0.0.1', port: 80, connectTimeoutMs: 5 }, 'connectTimeoutMs', /from 100 to 600000/],
    [{ kind: 'tcp-server', host: '127.0.0.1', port: 0, autoReply: { mode: 'fixed', text: '' } }, 'autoReply.text', /needs some text/],
    [{ kind: 'udp', host: '::1', port: 0, autoReply: { mode: 'prefix', text: '\\x4' } }, 'autoReply.text', /two hex digits/],
    [{ kind: 'tcp-client', host: '127.0.0.1', port: 80, localAddress: 'localhost' }, 'localAddress', /must be an IP address/],
  ])('openSession %j -> INVALID_INPUT on %s', async (payload, field, message) => {
    const result = await router.handle('openSession', payload);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.field).toBe(field);
    expect(result.error.message).toMatch(message);
  });

  it('refuses a payload that is not bytes, and one that is not an object', async () => {
    const notBytes = await router.handle('send', { sessionId: 's1', bytes: [104, 105] });
    expect(notBytes).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'bytes', message: 'The payload must be bytes.' } });
    const nothing = await router.handle('send', undefined);
    expect(nothing).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const extra = await router.handle('listSessions', { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('answers UNKNOWN_COMMAND for a name outside the contract', async () => {
    const result = await router.handle('deleteEverything', {});
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'UNKNOWN_COMMAND',
        message: 'There is no command "deleteEverything".',
        problem: { key: 'unknownCommand', params: { name: 'deleteEverything' } },
      },
    });
    expect((await router.handle('__proto__', {})).ok).toBe(false);
    expect((await router.handle('toString', {})).ok).toBe(false);
  });

  it('answers NO_SESSION for a session that does not exist', async () => {
    for (const [name, payload] of [
      ['send', { sessionId: 's999', bytes: new Uint8Array([1]) }],
      ['closeSession', { sessionId: 's999' }],
      ['getRows', { sessionId: 's999', from: 0, count: 10 }],
      ['disconnectClient', { sessionId: 's999', connectionId: 'c1' }],
    ] as const) {
      const result = await router.handle(name, payload);
      expect(result, name).toMatchObject({ ok: false, error: { code: 'NO_SESSION' } });
      if (!result.ok) expect(result.error.message).toBe('Session s999 does not exist (it may have been removed).');
    }
  });

  it('opens, lists, sends through and closes a real session', async () => {
    const opened = await router.handle('openSession', { kind: 'udp', host: '127.0.0.1', port: 0 });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const info = opened.value as SessionInfo;
    expect(info.state).toBe('open');
    expect(info.local?.port).toBeGreaterThan(0);

    const listed = await router.handle('listSessions', {});
    expect(listed).toMatchObject({ ok: true, value: [{ id: info.id }] });

    const sent = await router.handle('send', {
      sessionId: info.id,
      bytes: new TextEncoder().encode('to myself'),
      to: { kind: 'peer', host: '127.0.0.1', port: info.local!.port },
    });
    expect(sent).toEqual({ ok: true, value: { bytes: 9, recipients: 1 } });

    const closed = await router.handle('closeSession', { sessionId: info.id });
    expect(closed).toMatchObject({ ok: true, value: { state: 'closed' } });
  });

  it('passes engine errors through with their code and field', async () => {
    const opened = await router.handle('openSession', { kind: 'udp', host: '127.0.0.1', port: 0 });
    if (!opened.ok) throw new Error(opened.error.message);
    const id = (opened.value as SessionInfo).id;
    const result = await router.handle('send', { sessionId: id, bytes: new Uint8Array(1) });
    expect(result).toMatchObject({ ok: false, error: { code: 'NO_PEER', field: 'host' } });
    const half = await router.handle('halfClose', { sessionId: id });
    expect(half).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });
});

describe('wire', () => {
  it('round-trips Uint8Array payloads inside any JSON', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), fc.string(), (bytes, label) => {
        const message = { kind: 'request', id: 1, command: 'send', payload: { sessionId: label, bytes, nested: [bytes] } };
        const back = decodeWire(encodeWire(message)) as typeof message;
        expect(back.payload.bytes).toBeInstanceOf(Uint8Array);
        expect(back).toEqual(message);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps ordinary values as they are', () => {
    const value = { a: 1, b: 'x', c: [true, null], d: { $bytes: 1 }, e: { $bytes: 'AA==', other: 1 } };
    expect(decodeWire(encodeWire(value))).toEqual(value);
    expect(encodeWire({ b: new Uint8Array([104, 105]) })).toBe('{"b":{"$bytes":"aGk="}}');
  });
});
