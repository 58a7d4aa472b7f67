// Reading bridge text is hostile-proof: what cannot be read becomes a keyed problem (never a stack
// overflow or a stray throw), and a request that says its id keeps it, so it can still be answered.
import { describe, expect, it } from 'vitest';
import { decodeRequest, decodeServerMessage, decodeWire, encodeRequest, maxWireDepth, WireError } from '../../src/shared/wire';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('wire, read from a hostile peer', () => {
  it('round-trips a request, bytes included', () => {
    const text = encodeRequest(5, 'send', { sessionId: 's1', bytes: new Uint8Array([0, 1, 255]) });
    expect(decodeRequest(text)).toEqual({
      ok: true,
      id: 5,
      command: 'send',
      payload: { sessionId: 's1', bytes: new Uint8Array([0, 1, 255]) },
    });
    expect(decodeRequest(encodeRequest(6, 'listSessions', undefined))).toEqual({ ok: true, id: 6, command: 'listSessions', payload: null });
  });

  it('turns bad base64, absurd nesting and broken JSON into keyed problems', () => {
    const problemOf = (text: string): unknown => {
      try {
        decodeWire(text);
        return null;
      } catch (err) {
        expect(err).toBeInstanceOf(WireError);
        return (err as WireError).problem;
      }
    };
    expect(problemOf('{"$bytes":"!!!"}')).toEqual({ key: 'requestBadBytes' });
    expect(problemOf(nested(100_000))).toEqual({ key: 'requestTooDeep', params: { limit: maxWireDepth } });
    expect(problemOf('{"a":')).toEqual({ key: 'requestNotJson' });
    // Depth up to the limit is fine: ours need a handful of levels.
    expect(problemOf(nested(maxWireDepth))).toBeNull();
  });

  it('keeps the id of a request whose payload cannot be read, and has none to keep for garbage', () => {
    const request = (id: unknown, payload: unknown): string => JSON.stringify({ kind: 'request', id, command: 'send', payload });
    expect(decodeRequest(request(1, nested(100_000)))).toMatchObject({ ok: false, id: 1, problem: { key: 'requestTooDeep' } });
    expect(decodeRequest(request('a', '{"bytes":{"$bytes":"%%"}}'))).toMatchObject({
      ok: false,
      id: 'a',
      problem: { key: 'requestBadBytes' },
    });
    expect(decodeRequest(request(2, { not: 'text' }))).toMatchObject({ ok: false, id: 2, problem: { key: 'requestMalformed' } });
    expect(decodeRequest(request({}, '{}'))).toMatchObject({ ok: false, id: null });
    expect(decodeRequest(nested(100_000))).toMatchObject({ ok: false, id: null });
    expect(decodeRequest('{oops')).toMatchObject({ ok: false, id: null, problem: { key: 'requestNotJson' } });
  });

  it('keeps a "__proto__" key a plain property', () => {
    const value = decodeWire('{"__proto__":{"$bytes":"AA=="},"x":{"__proto__":{"polluted":true}}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual(new Uint8Array([0]));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('reads only responses and updates from the engine', () => {
    expect(decodeServerMessage('{"kind":"response","id":3,"result":{"ok":true,"value":1}}')).toEqual({
      kind: 'response',
      id: 3,
      result: { ok: true, value: 1 },
    });
    expect(decodeServerMessage('{"kind":"update","batch":{}}')).toEqual({ kind: 'update', batch: {} });
    for (const text of ['{"kind":"request","id":1}', 'null', '{bad', nested(100_000), '{"kind":"response"}'])
      expect(decodeServerMessage(text)).toBeNull();
  });
});
