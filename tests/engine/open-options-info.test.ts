// What a session says of the options it was opened with, so the window's form can show them again:
// stream options (no-delay, keep-alive, largest frame), the TLS version, the UDP multicast TTL / loop / interface.
import { afterEach, describe, expect, it } from 'vitest';
import { createApi, type Api } from '../../src/main/commands/api';
import { Engine } from '../../src/main/engine/engine';
import type { Result } from '../../src/shared/contract';

let api: Api;
afterEach(async () => {
  await api?.closeAll();
});
const newApi = (): Api => (api = createApi(new Engine()));
const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

describe('the open options in the session info', () => {
  it('a TCP server: no-delay off, keep-alive, the largest frame', async () => {
    newApi();
    const s = value(
      await api.openSession({ kind: 'tcp-server', host: '127.0.0.1', port: 0, noDelay: false, keepAliveMs: 5000, maxFrame: 4096 }),
    );
    expect(s.stream).toMatchObject({ noDelay: false, keepAliveMs: 5000, maxFrame: 4096 });
  });

  it('a TLS server held to one version says which; without one, null', async () => {
    newApi();
    const held = value(await api.openSession({ kind: 'tls-server', host: '127.0.0.1', port: 0, tlsVersion: 'TLSv1.3' }));
    expect(held.tls?.version).toBe('TLSv1.3');
    const any = value(await api.openSession({ kind: 'tls-server', host: '127.0.0.1', port: 0 }));
    expect(any.tls?.version).toBeNull();
  });

  it('a UDP socket: TTL, loop and the outgoing interface as asked, null where left to the system', async () => {
    newApi();
    const set = value(
      await api.openSession({ kind: 'udp', host: '0.0.0.0', port: 0, ttl: 3, multicastLoop: false, multicastIf: '127.0.0.1' }),
    );
    expect(set.multicast).toEqual({ ttl: 3, loop: false, iface: '127.0.0.1' });
    const plain = value(await api.openSession({ kind: 'udp', host: '127.0.0.1', port: 0 }));
    expect(plain.multicast).toEqual({ ttl: null, loop: null, iface: null });
  });
});
